package io.segmentindex.platform;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OtlpEndpointSwitchTest {

    @Test
    void theSdkIsOffWithoutAnEndpoint() {
        assertEquals("true", disabled(Map.of(), new Properties()));
        assertEquals("true", disabled(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", " "), new Properties()));
    }

    @Test
    void anEndpointInTheEnvironmentOrASystemPropertyTurnsItOn() {
        assertEquals("false", disabled(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"),
                new Properties()));
        assertEquals("false", disabled(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces"),
                new Properties()));
        Properties system = new Properties();
        system.setProperty("otel.exporter.otlp.endpoint", "http://collector:4318");
        assertEquals("false", disabled(Map.of(), system));
    }

    @Test
    void itRanksBelowTheEnvironmentAndAboveTheApplicationsDefaults() {
        // MicroProfile Config: system properties 400, environment 300, microprofile-config.properties 100.
        assertEquals(150, new OtlpEndpointSwitch(Map.of(), new Properties()).getOrdinal());
    }

    private static String disabled(Map<String, String> environment, Properties system) {
        return new OtlpEndpointSwitch(environment, system).getValue(OtlpEndpointSwitch.SDK_DISABLED);
    }
}
