package io.segmentindex.platform;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Turns the OpenTelemetry SDK on when an OTLP endpoint is configured, so that one setting
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT}) switches tracing on; without one the SDK stays off and nothing is exported.
 * An explicit {@code OTEL_SDK_DISABLED} still wins: environment variables and system properties rank above this
 * source (ordinal 150), the application's microprofile-config.properties below it.
 */
public class OtlpEndpointSwitch implements ConfigSource {

    static final String SDK_DISABLED = "otel.sdk.disabled";
    private static final List<String> ENDPOINTS = List.of("otel.exporter.otlp.endpoint",
            "otel.exporter.otlp.traces.endpoint");

    private final Map<String, String> properties;

    public OtlpEndpointSwitch() {
        this(System.getenv(), System.getProperties());
    }

    OtlpEndpointSwitch(Map<String, String> environment, Properties system) {
        boolean configured = ENDPOINTS.stream().anyMatch(name -> !blank(system.getProperty(name))
                || !blank(environment.get(name.toUpperCase().replace('.', '_'))));
        properties = Map.of(SDK_DISABLED, Boolean.toString(!configured));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "OTLP endpoint switch";
    }

    @Override
    public int getOrdinal() {
        return 150;
    }
}
