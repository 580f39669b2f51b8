package io.hopsniff.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Where hopsniff and tshark 4.0.17 legitimately disagree on the public corpus. Each entry is explained in
 * docs/known-differences.md; the test applies these adjustments to tshark's oracle and then demands equality,
 * so any other disagreement fails.
 */
final class KnownDifferences {

    /** Files no reader can open (tshark cannot either): exit 3 with one line. */
    static final Set<String> UNREADABLE = Set.of("libpcap-pcap-invalid-version-1.pcap", "libpcap-shb-option-too-long.pcapng");

    /** Files cut short inside a record: a partial report and exit 3. */
    static final Set<String> TRUNCATED = Set.of("suri-http-mime-truncated.pcap");

    record Expected(List<String> requests, List<String> responses) {
    }

    private KnownDifferences() {
    }

    static Expected apply(String name, CorpusOracleTest.Oracle oracle) {
        List<String> requests = new ArrayList<>(oracle.requests());
        List<String> responses = new ArrayList<>(oracle.responses());
        switch (name) {
            default -> {
            }
        }
        Collections.sort(requests);
        Collections.sort(responses);
        return new Expected(requests, responses);
    }
}
