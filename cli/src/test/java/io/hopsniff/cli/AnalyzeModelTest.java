package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParseResult;

/**
 * {@code analyze} parses its arguments with a generated model (AnalyzeModel) instead of reading its annotations at
 * every start: the file is what AnalyzeModelSource writes from the annotations now, and both models parse the same
 * arguments into the same option values, or refuse them with the same message.
 */
class AnalyzeModelTest {

    @Test
    void theGeneratedModelIsWhatTheAnnotationsSay() throws Exception {
        String now = AnalyzeModelSource.source();
        if (Boolean.getBoolean("hopsniff.regenerate")) {
            Files.writeString(AnalyzeModelSource.FILE, now);
        }
        assertThat(Files.readString(AnalyzeModelSource.FILE))
                .as("AnalyzeModel.java is out of date: run this test with -Dhopsniff.regenerate=true")
                .isEqualTo(now);
    }

    /** Arguments separated by '|'. */
    @ParameterizedTest
    @ValueSource(strings = {
        "x.pcap",
        "a.pcap|b.pcap|--server|:12656|--server|10.0.0.1:80|-o|r.json|--format|json|-q",
        "f|--body-bytes|64|--ws-payload-bytes|16|--max-connections|10|--max-reassembly-bytes|100"
                + "|--max-reassembly-total|1000|--max-header-bytes|2048|--max-pending-requests|5|--max-kept-bytes|1m"
                + "|--max-ws-messages|3|--max-h2-streams|7|--idle-timeout|30s|--decode-as|8080=websocket|-o|-"
                + "|--format|markdown|--no-redact|--show-header|X-A|--redact-header|X-B|--debug|--route|/ws/{id}"
                + "|--front|:443|--threads|1",
        "--server=:1|-qo|r.json|f",
        "f|--debug|g|-o|a.md|-o|b.json|--format|markdown|--format|json",
        "--|-weird.pcap"})
    void bothModelsParseTheSameValues(String joined) throws Exception {
        String[] args = joined.split("\\|");
        AnalyzeCommand annotated = new AnalyzeCommand();
        new CommandLine(annotated).parseArgs(args);
        AnalyzeCommand generated = new AnalyzeCommand();
        ParseResult parsed = new CommandLine(AnalyzeModel.of(generated)).parseArgs(args);
        assertThat(state(generated)).isEqualTo(state(annotated)).isNotEmpty();
        assertThat(parsed.isUsageHelpRequested()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--max-connections|x|f", "--bogus|f", "--format|nope|f", "--idle-timeout|soon|f",
        "--max-kept-bytes|lots|f", "-o"})
    void bothModelsRefuseTheSameArguments(String joined) {
        String[] args = joined.split("\\|");
        Throwable annotated = catchThrowable(() -> new CommandLine(new AnalyzeCommand()).parseArgs(args));
        Throwable generated = catchThrowable(() -> new CommandLine(AnalyzeModel.of(new AnalyzeCommand())).parseArgs(args));
        assertThat(annotated).isInstanceOf(CommandLine.ParameterException.class);
        assertThat(generated).isInstanceOf(CommandLine.ParameterException.class).hasMessage(annotated.getMessage());
    }

    @Test
    void noFilesIsRefusedToo() {
        Throwable generated = catchThrowable(() -> new CommandLine(AnalyzeModel.of(new AnalyzeCommand())).parseArgs());
        assertThat(generated).isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("FILE");
    }

    @Test
    void helpAndVersionAreSeenSoTheAnnotatedModelCanGiveThem() {
        assertThat(new CommandLine(AnalyzeModel.of(new AnalyzeCommand())).parseArgs("-h").isUsageHelpRequested()).isTrue();
        assertThat(new CommandLine(AnalyzeModel.of(new AnalyzeCommand())).parseArgs("f", "--version")
                .isVersionHelpRequested()).isTrue();
    }

    /** Every option field of the command and its mixins, by path, with its value as text. */
    private static Map<String, String> state(Object command) throws IllegalAccessException {
        Map<String, String> out = new TreeMap<>();
        collect(command, "", out);
        return out;
    }

    private static void collect(Object o, String prefix, Map<String, String> out) throws IllegalAccessException {
        for (Field f : o.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("spec")) {
                continue;
            }
            f.setAccessible(true);
            Object v = f.get(o);
            if (f.isAnnotationPresent(Mixin.class)) {
                collect(v, prefix + f.getName() + ".", out);
            } else {
                out.put(prefix + f.getName(), String.valueOf(v));
            }
        }
    }
}
