package io.hopsniff.report.json;

import java.util.List;

/** The files read (or, for a live capture, an empty list) and what the decoder made of their packets. */
public record InputJson(List<FileJson> files, PacketsJson packets) {

    public record FileJson(String path, String format, List<String> linkTypes, long packets, long bytes,
                           long fileBytes, boolean truncated) {
    }

    /** Packet-level counts from the link/IP/TCP stages. */
    public record PacketsJson(long total, long bytes, long tcp, long filteredOut, long nonIp, long nonTcp,
                              long ipFragments, long linkTypeUnsupported, long malformed) {
    }
}
