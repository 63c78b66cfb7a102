package io.wshandshake.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What README.md says, checked against the code: its Java snippets compile, the sample prints the output it shows,
 * and its metric names and PromQL series and labels exist in a real Prometheus scrape of the sample, whose
 * demonstration made real handshakes (one valid, one refused) against its real embedded server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=prometheus",
        "management.metrics.distribution.percentiles-histogram.websocket.client.handshake=true" })
class ReadmeTests {

    /** A Prometheus series or label name: the README's are all lower case. */
    private static final Pattern SERIES = Pattern.compile("\\bwebsocket_[a-z_]+\\b");

    private static final Pattern METER_ROW = Pattern.compile("^\\| `([a-z.]+)` \\| (timer|gauge)\\b");

    private static final Pattern LABELS = Pattern.compile("by \\(([a-z_, ]+)\\)|\\{([a-z_]+)\\s*!?=");

    @LocalServerPort
    private int port;

    @Autowired
    private HandshakeDemo demo;

    @Test
    void everyJavaSnippetCompiles(@TempDir Path output) throws Exception {
        List<Readme.Block> snippets = Readme.blocks().stream().filter(block -> block.language().equals("java"))
                .toList();
        assertThat(snippets).hasSizeGreaterThanOrEqualTo(5);
        List<String> errors = new ArrayList<>();
        for (Readme.Block snippet : snippets) {
            errors.addAll(JavaSnippets.compile(snippet, output));
        }
        assertThat(errors).as("compilation errors").isEmpty();
    }

    @Test
    void theSamplePrintsTheOutputTheReadmeShows() throws Exception {
        List<String> printed = DemoOutput.of(() -> this.demo.run(this.port));
        assertThat(printed.stream().map(ReadmeTests::maskPorts).toList()).containsExactlyElementsOf(
                Readme.marked("sample-output").lines().stream().map(ReadmeTests::maskPorts).toList());
    }

    @Test
    void theReadmesMetricsAndPromQlSeriesAreInAPrometheusScrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + this.port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> samples = response.body().lines().filter(line -> !line.startsWith("#")).toList();

        // The meter table: Prometheus names a timer <name>_seconds_count (and _sum, _max, _bucket), a gauge <name>.
        List<String> meters = Readme.lines().stream().filter(line -> line.startsWith("| `websocket.")).toList();
        assertThat(meters).hasSize(2);
        for (String meter : meters) {
            Matcher row = METER_ROW.matcher(meter);
            assertThat(row.find()).as("meter row %s", meter).isTrue();
            String series = row.group(1).replace('.', '_') + (row.group(2).equals("timer") ? "_seconds_count" : "");
            assertThat(seriesNamed(series, samples)).as("series %s of meter %s", series, row.group(1)).isNotEmpty();
        }

        List<String> queries = Readme.blocks().stream().filter(block -> block.language().equals("promql"))
                .flatMap(block -> block.lines().stream()).filter(line -> !line.startsWith("#")).toList();
        assertThat(queries).isNotEmpty();
        for (String query : queries) {
            Set<String> series = matches(SERIES, query);
            assertThat(series).as("series in %s", query).isNotEmpty();
            for (String name : series) {
                List<String> lines = seriesNamed(name, samples);
                assertThat(lines).as("series %s of %s in the scrape", name, query).isNotEmpty();
                for (String label : labels(query)) {
                    assertThat(lines).as("label %s of %s", label, name).anyMatch(line -> line.contains(label + "=\""));
                }
            }
        }
        // The demonstration's handshakes: one success, one refusal.
        assertThat(seriesNamed("websocket_client_handshake_seconds_count", samples))
                .anyMatch(line -> line.contains("outcome=\"SUCCESS\""))
                .anyMatch(line -> line.contains("outcome=\"UNSUPPORTED_SUBPROTOCOL\""));
    }

    private static List<String> seriesNamed(String name, List<String> samples) {
        return samples.stream().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " ")).toList();
    }

    private static Set<String> labels(String query) {
        Set<String> labels = new TreeSet<>();
        Matcher matcher = LABELS.matcher(query);
        while (matcher.find()) {
            String names = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
            for (String label : names.split(",")) {
                labels.add(label.strip());
            }
        }
        return labels;
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    /** Ports are the only thing that differs from run to run. */
    static String maskPorts(String line) {
        return line.replaceAll("(localhost|127\\.0\\.0\\.1):\\d+", "$1:<port>");
    }
}
