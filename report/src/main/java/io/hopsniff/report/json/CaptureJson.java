package io.hopsniff.report.json;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The capture window: first and last packet. Live-capture fields stay null for files. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaptureJson(TimeJson first, TimeJson last, double durationMs, LiveJson live) {

    /**
     * What a live capture adds (issue #3). {@code interim} is true in a report written while the capture runs
     * ({@code --report-every}; then {@code stopped} is absent), null (absent) in the final one.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LiveJson(String interfaceName, String filter, int snaplen, TimeJson started, TimeJson stopped,
                           String libpcapVersion, long packetsReceived, long droppedByKernel,
                           long droppedByInterface, long droppedByHopsniff, String hostname, String user,
                           Boolean interim) {
    }
}
