package io.segmentindex.indexing.lucene;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Launches {@link LuceneIndexBenchmark} from the test phase, so that JMH runs with the project's test classpath.
 * Not a unit test (the name matches no surefire pattern); {@code mvn -Pjmh test} runs it alone. JMH's own table
 * goes to the console and to target/jmh-result.txt.
 */
class LuceneIndexJmh {

    @Test
    void run() throws Exception {
        var options = new OptionsBuilder()
                .include(LuceneIndexBenchmark.class.getName() + "." + System.getProperty("jmh.include", ""))
                .resultFormat(ResultFormatType.TEXT)
                .result("target/jmh-result.txt")
                .build();
        assertFalse(new Runner(options).run().isEmpty(), "no benchmark ran");
    }
}
