package io.hopsniff.decoder.anomaly;

/**
 * The one catalogue of anomalies. Ids are part of the report's API: never renamed, only added.
 * The layer prefix says who found it; {@code docs/anomalies.md} is generated from this enum.
 */
public enum AnomalyType {
    // --- capture container
    CAP_TRUNCATED_FILE(Severity.WARNING, "pcap/pcapng", "the file ends inside a record; packets before it were analysed"),
    CAP_RECORD_LENGTH_ABSURD(Severity.ERROR, "pcap/pcapng", "a record claims a captured length beyond any sane snaplen; reading stopped there"),
    CAP_RECORD_LENGTH_INCONSISTENT(Severity.WARNING, "pcap/pcapng", "a record's captured length exceeds its original length or the snaplen"),
    CAP_TIMESTAMP_INVALID(Severity.WARNING, "pcap/pcapng", "a timestamp fraction is out of range for its resolution"),
    CAP_BLOCK_MALFORMED(Severity.WARNING, "pcapng", "a pcapng block is malformed and was skipped"),
    CAP_LINKTYPE_UNSUPPORTED(Severity.WARNING, "tcpdump.org link-layer types", "packets of a link type hopsniff does not decode were skipped"),
    CAP_HANDOFF_DROPPED(Severity.WARNING, "-", "the capture thread's hand-off to the decoder was full; packets were dropped by hopsniff"),
    CAP_PCAP_WRITE_FAILED(Severity.ERROR, "-", "writing the --write-pcap file failed (e.g. a full file system); it holds the packets before the failure, the analysis went on"),
    CAP_SNAPLEN_TRUNCATED(Severity.WARNING, "pcap", "packets were cut by the snapshot length; their missing bytes become TCP gaps"),

    // --- link layer
    L2_TRUNCATED(Severity.WARNING, "IEEE 802.3 / SLL", "a frame is shorter than its link-layer header"),
    L2_NOT_IP(Severity.INFO, "IEEE 802.3", "frames that carry no IPv4/IPv6 were skipped (ARP, LLDP, ...)"),

    // --- network layer
    IP_TRUNCATED(Severity.WARNING, "RFC 791 / RFC 8200", "an IP header is cut short or its lengths are inconsistent"),
    IP_BAD_HEADER(Severity.WARNING, "RFC 791 / RFC 8200", "an IP header is malformed (version, IHL, total length)"),
    IP_FRAGMENT(Severity.INFO, "RFC 791 §2.3 / RFC 8200 §4.5", "fragmented IP packets were seen; they are reassembled (input.packets.ip_fragments counts the fragments)"),
    IP_FRAGMENT_OVERLAP(Severity.WARNING, "RFC 791 §3.2 / RFC 8200 §4.5", "overlapping IP fragments carried different bytes; the first copy was kept"),
    IP_FRAGMENT_INCOMPLETE(Severity.WARNING, "RFC 791 §3.2 / RFC 8200 §4.5", "fragmented datagrams never completed (a fragment was not captured, or came after 30 s); their bytes are missing"),
    IP_FRAGMENT_LIMIT(Severity.WARNING, "hopsniff limits", "fragments held for reassembly reached the limit (4 MiB, 1024 datagrams); the datagram was dropped"),
    IP_NOT_TCP(Severity.INFO, "RFC 791", "IP packets carrying something other than TCP were skipped"),

    // --- transport layer
    TCP_BAD_HEADER(Severity.WARNING, "RFC 9293 §3.1", "a TCP header is malformed (data offset out of range, truncated options)"),
    TCP_MIDSTREAM_START(Severity.INFO, "RFC 9293", "a connection was first seen without its SYN; roles were inferred"),
    TCP_RETRANSMISSION(Severity.INFO, "RFC 9293 §3.10.7", "segments carried bytes already seen (retransmissions); duplicates dropped"),
    TCP_OUT_OF_ORDER(Severity.INFO, "RFC 9293 §3.10.7", "segments arrived ahead of a hole and were buffered until it filled"),
    TCP_OVERLAP_CONFLICT(Severity.ERROR, "RFC 9293 §3.10.7; Ptacek & Newsham 1998", "overlapping segments carried different bytes for the same sequence range; the first copy was kept"),
    TCP_GAP(Severity.WARNING, "RFC 9293", "bytes of a stream were never seen (lost by the capture or cut by snaplen); recorded as a gap"),
    TCP_RST(Severity.INFO, "RFC 9293 §3.10.7.3", "a connection was reset"),
    TCP_RST_OUT_OF_WINDOW(Severity.WARNING, "RFC 5961 §3.2; RFC 9293 §3.10.7.4", "a RST was not at the next sequence number of its sender, so its receiver would ignore it (forged, or a stack out of step): the connection was followed on, and counted as reset there only if its receiver sent nothing after it"),
    TCP_PORT_REUSE(Severity.INFO, "RFC 9293 §3.10.7.2", "a new SYN reused the 4-tuple of an earlier connection; a new connection was started"),
    TCP_REASSEMBLY_LIMIT(Severity.WARNING, "hopsniff limits", "out-of-order data exceeded the per-direction buffer; the hole was declared a gap"),
    TCP_COMPARE_LIMIT(Severity.WARNING, "hopsniff limits", "the bytes kept to compare retransmissions with reached the limit for all connections together; some retransmissions were counted but not compared"),
    TCP_CONNECTION_LIMIT(Severity.WARNING, "hopsniff limits", "too many concurrent connections; the least recently active one was evicted"),
    TCP_MEMORY_LIMIT(Severity.ERROR, "hopsniff limits", "the Java heap stayed nearly full after a collection (a capture flooding several limits at once): from then on a quarter fewer connections are tracked (the least recently active were evicted) and every limit on all connections together is halved"),
    TCP_IDLE_TIMEOUT(Severity.INFO, "hopsniff limits", "a connection was idle longer than the idle timeout and was closed by hopsniff"),
    TCP_DATA_AFTER_CLOSE(Severity.WARNING, "RFC 9293", "data arrived after the FIN of its direction"),
    TCP_CONSUMER_FAILED(Severity.ERROR, "hopsniff bug", "a decoder failed on this connection (a bug in hopsniff, please report it); its analysis stopped, the rest went on"),

    // --- HTTP/1.x
    HTTP_BAD_REQUEST_LINE(Severity.ERROR, "RFC 9112 §3", "a request line could not be parsed"),
    HTTP_BAD_STATUS_LINE(Severity.ERROR, "RFC 9112 §4", "a status line could not be parsed"),
    HTTP_MALFORMED_STATUS_CODE(Severity.WARNING, "RFC 9112 §4", "a status code that is not three digits (\"2XX\", \"0200\", none): the response is kept, with the number it spells or 0"),
    HTTP_BAD_HEADER_FIELD(Severity.WARNING, "RFC 9112 §5", "a header field line is malformed (no colon, whitespace before the colon, bad name)"),
    HTTP_BARE_LF(Severity.INFO, "RFC 9112 §2.2", "a line ended with a bare LF instead of CRLF"),
    HTTP_OBS_FOLD(Severity.WARNING, "RFC 9112 §5.2", "obsolete line folding was used in a header field"),
    HTTP_HEADER_TOO_LARGE(Severity.ERROR, "hopsniff limits", "a header section exceeded the configured limit, or the run's kept-bytes budget (--max-kept-bytes) had no room left to read it; the rest of the connection was skipped"),
    HTTP_CONTENT_LENGTH_INVALID(Severity.ERROR, "RFC 9112 §6.3", "Content-Length is not a valid number"),
    HTTP_CONTENT_LENGTH_CONFLICT(Severity.ERROR, "RFC 9112 §6.3", "several Content-Length values differ"),
    HTTP_TE_AND_CL(Severity.WARNING, "RFC 9112 §6.1", "both Transfer-Encoding and Content-Length are present (smuggling risk); chunked wins"),
    HTTP_TE_UNSUPPORTED(Severity.WARNING, "RFC 9112 §6.1", "a Transfer-Encoding other than chunked as the final coding"),
    HTTP_BAD_CHUNK(Severity.ERROR, "RFC 9112 §7.1", "a chunk size line or chunk terminator is malformed"),
    HTTP_RESPONSE_WITHOUT_REQUEST(Severity.WARNING, "RFC 9112 §9.3", "a response arrived with no request waiting for it"),
    HTTP_NO_RESPONSE(Severity.WARNING, "RFC 9112 §9.3", "a request got no response before the connection ended or the capture stopped"),
    HTTP_INCOMPLETE_MESSAGE(Severity.WARNING, "RFC 9112 §8", "a message was cut short by the end of the connection or capture"),
    HTTP_PIPELINED(Severity.INFO, "RFC 9112 §9.3.2", "a request was sent before the previous response completed (pipelining)"),
    HTTP_NOT_HTTP(Severity.WARNING, "RFC 9112", "bytes that are not HTTP were seen on a connection being parsed as HTTP; they are counted"),
    HTTP_PREAMBLE_MALFORMED(Severity.WARNING, "PROXY protocol v1/v2, RFC 1928", "a PROXY protocol header or a SOCKS handshake before HTTP could not be read; the rest of the connection was not decoded"),
    HTTP_SOCKS_REFUSED(Severity.WARNING, "RFC 1928 §6, SOCKS4", "the SOCKS server refused the client's request (the reply is in the detail and in connections[].preamble)"),
    HTTP_RESYNC_SKIPPED(Severity.INFO, "RFC 9112 §2.2", "bytes before the next message start were skipped (the capture began mid-message, or a gap or a bad message came before); the count is in the detail"),
    HTTP_GAP_IN_MESSAGE(Severity.WARNING, "RFC 9112", "a gap fell inside a message head; the parser resynchronises at the next message"),
    HTTP_UNDECODABLE_AFTER_GAP(Severity.WARNING, "RFC 9112", "after a gap no message start was found again; the rest of the direction was counted, not parsed"),
    HTTP_VERSION_UNSUPPORTED(Severity.WARNING, "RFC 9112 §2.3", "an HTTP version other than 1.0 or 1.1"),
    HTTP_UPGRADE(Severity.INFO, "RFC 9110 §7.8", "the connection switched protocols after a 101; HTTP/1.1 parsing ended there"),
    HTTP_CONNECT_TUNNEL(Severity.INFO, "RFC 9110 §9.3.6", "a 2xx answer to CONNECT turned the connection into a tunnel"),
    HTTP_BODY_AFTER_NO_BODY_RESPONSE(Severity.WARNING, "RFC 9110 §6.4.1", "bytes followed a response that cannot have a body (HEAD, 1xx, 204, 304) and are not a response"),
    HTTP_GAP_IN_BODY(Severity.WARNING, "RFC 9112 §6", "a gap fell inside a body whose end is still known (Content-Length, chunk data, close-delimited); framing stayed in sync, the missing bytes are counted in bodyBytes"),
    HTTP_UPGRADE_WITHOUT_CONNECTION(Severity.WARNING, "RFC 9110 §7.8", "a request carried Upgrade without the upgrade token in Connection; a server will not switch, so parsing went on as HTTP"),
    HTTP_PENDING_LIMIT(Severity.WARNING, "hopsniff limits", "more requests waited for their responses than --max-pending-requests: the oldest was reported unanswered and its response, when it came, alone (never paired with a later request)"),
    HTTP_HELD_BYTES_LIMIT(Severity.WARNING, "hopsniff limits", "client bytes sent before the answer to an Upgrade/CONNECT request exceeded the hold buffer; the excess was counted, not kept"),
    HTTP_KEPT_BYTES_LIMIT(Severity.WARNING, "hopsniff limits", "a body prefix (--body-bytes) was cut short, or a long head's fields were not kept while its exchange was open, because --max-kept-bytes, the budget for the bytes kept by all messages at once, was spent"),

    // --- WebSocket (RFC 6455): handshake checks and frames. Add new WS_ ids at the end of this section.
    WS_FRAMES_UNDECODABLE(Severity.WARNING, "RFC 6455 §5.2", "WebSocket framing was lost (a gap or a bad frame); the rest was counted, not decoded"),
    WS_METHOD_NOT_GET(Severity.ERROR, "RFC 6455 §4.1", "a WebSocket opening handshake used a method other than GET"),
    WS_HTTP10_UPGRADE(Severity.ERROR, "RFC 6455 §4.1", "a WebSocket opening handshake was sent as HTTP/1.0 (a proxy left at HTTP/1.0 upstream)"),
    WS_UPGRADE_TOKEN_MISSING(Severity.ERROR, "RFC 6455 §4.1; RFC 9110 §7.8", "Sec-WebSocket-* fields without 'Upgrade: websocket': a proxy stripped the hop-by-hop headers"),
    WS_CONNECTION_TOKEN_MISSING(Severity.ERROR, "RFC 6455 §4.1; RFC 9110 §7.6.1", "a WebSocket handshake whose Connection field lacks the 'upgrade' token"),
    WS_HOST_MISSING(Severity.ERROR, "RFC 6455 §4.1", "a WebSocket handshake without a Host field"),
    WS_KEY_MISSING(Severity.ERROR, "RFC 6455 §4.1", "a WebSocket handshake without Sec-WebSocket-Key"),
    WS_KEY_INVALID(Severity.ERROR, "RFC 6455 §4.1", "Sec-WebSocket-Key is not the base64 encoding of exactly 16 bytes"),
    WS_VERSION_MISSING(Severity.ERROR, "RFC 6455 §4.1", "a WebSocket handshake without Sec-WebSocket-Version"),
    WS_VERSION_UNSUPPORTED(Severity.ERROR, "RFC 6455 §4.1, §4.4", "Sec-WebSocket-Version is not 13"),
    WS_101_UPGRADE_TOKEN_MISSING(Severity.ERROR, "RFC 6455 §4.2.2", "a 101 answer to a WebSocket handshake lacks 'Upgrade: websocket'"),
    WS_101_CONNECTION_TOKEN_MISSING(Severity.ERROR, "RFC 6455 §4.2.2", "a 101 answer to a WebSocket handshake lacks the 'upgrade' token in Connection"),
    WS_ACCEPT_MISSING(Severity.ERROR, "RFC 6455 §4.2.2", "a 101 answer to a WebSocket handshake lacks Sec-WebSocket-Accept"),
    WS_ACCEPT_MISMATCH(Severity.ERROR, "RFC 6455 §4.2.2, §1.3", "Sec-WebSocket-Accept is not base64(SHA-1(key + GUID)): a client fails the connection"),
    WS_SUBPROTOCOL_NOT_OFFERED(Severity.ERROR, "RFC 6455 §4.1, §4.2.2", "the server accepted a subprotocol the client did not offer"),
    WS_EXTENSION_NOT_OFFERED(Severity.ERROR, "RFC 6455 §9.1", "the server accepted an extension the client did not offer"),
    WS_HANDSHAKE_REFUSED(Severity.INFO, "RFC 6455 §4.2.2", "a well-formed WebSocket handshake got an answer other than 101; detail carries the status"),
    WS_DATA_BEFORE_101(Severity.WARNING, "RFC 6455 §4.1", "the client sent bytes after its handshake but before the server's 101 arrived"),
    WS_CLIENT_FRAME_UNMASKED(Severity.ERROR, "RFC 6455 §5.1, §5.3", "a client-to-server frame was not masked"),
    WS_SERVER_FRAME_MASKED(Severity.ERROR, "RFC 6455 §5.1", "a server-to-client frame was masked"),
    WS_LENGTH_NOT_MINIMAL(Severity.WARNING, "RFC 6455 §5.2", "a payload length used a 16- or 64-bit encoding where a shorter one fits"),
    WS_RESERVED_OPCODE(Severity.ERROR, "RFC 6455 §5.2", "a frame carried a reserved opcode (3-7, 0xB-0xF)"),
    WS_RSV_BITS_UNNEGOTIATED(Severity.ERROR, "RFC 6455 §5.2; RFC 7692 §6", "RSV bits were set without a negotiated extension defining them (RSV1 needs permessage-deflate, and never on control or continuation frames)"),
    WS_CONTROL_FRAME_TOO_LONG(Severity.ERROR, "RFC 6455 §5.5", "a control frame (close, ping, pong) carried more than 125 payload bytes"),
    WS_CONTROL_FRAME_FRAGMENTED(Severity.ERROR, "RFC 6455 §5.5", "a control frame had FIN clear"),
    WS_CONTINUATION_WITHOUT_START(Severity.ERROR, "RFC 6455 §5.4", "a continuation frame arrived with no fragmented message open"),
    WS_FRAGMENT_INTERLEAVED(Severity.ERROR, "RFC 6455 §5.4", "a new text/binary frame started while a fragmented message was still open"),
    WS_CLOSE_CODE_INVALID(Severity.ERROR, "RFC 6455 §7.4, §5.5.1", "a close frame carried a status code not allowed on the wire (or a 1-byte payload)"),
    WS_CLOSE_REASON_NOT_UTF8(Severity.ERROR, "RFC 6455 §5.5.1", "a close frame's reason is not valid UTF-8"),
    WS_FRAME_AFTER_CLOSE(Severity.WARNING, "RFC 6455 §5.5.1", "a side sent frames after its own close frame"),
    WS_GAP_IN_PAYLOAD(Severity.WARNING, "RFC 6455 §5.2", "a capture gap fell inside a frame's payload; framing stayed in sync, the missing bytes are counted"),
    WS_TRUNCATED_AT_END(Severity.INFO, "RFC 6455 §5.2", "the connection ended inside a frame or a fragmented message"),
    WS_KEPT_MESSAGES_LIMIT(Severity.INFO, "hopsniff limits", "with --ws-payload-bytes, more messages than --max-ws-messages (default 1000) a direction: the later ones were counted, not kept"),
    WS_KEPT_BYTES_LIMIT(Severity.WARNING, "hopsniff limits", "with --ws-payload-bytes, messages were kept cut short, without their bytes, or not listed at all (messages_not_listed) because --max-kept-bytes, the budget for the bytes kept by all messages at once, was spent"),
    WS_TEXT_NOT_UTF8(Severity.ERROR, "RFC 6455 §8.1; RFC 3629", "a text message is not valid UTF-8 (a compressed one once inflated); a browser fails the connection"),
    WS_DEFLATE_INVALID(Severity.ERROR, "RFC 7692 §7.2.2; RFC 1951", "a compressed message's payload does not inflate as permessage-deflate data (not DEFLATE, or a back-reference beyond the window, e.g. context kept although \"no_context_takeover\" was agreed); its receiver cannot read it and fails the connection"),
    WS_INFLATE_LIMIT(Severity.WARNING, "hopsniff limits", "compressed messages were not inflated (so their text was not checked for UTF-8, nor kept with --ws-payload-bytes) past a bound: 64 MiB of one message, 256 MiB of one direction, 1 GiB of the whole run, or 32 MiB of inflaters alive at once"),

    // --- HTTP/2 (RFC 9113, RFC 7541). Add new H2_ ids at the end of this section.
    H2_FRAMES_UNDECODABLE(Severity.WARNING, "RFC 9113 §4.1", "HTTP/2 framing was lost (a gap or a bad frame); the rest was counted, not decoded"),
    H2_PREFACE_NOT_ANSWERED_WITH_SETTINGS(Severity.ERROR, "RFC 9113 §3.4", "the server's first bytes are not a SETTINGS frame (e.g. an HTTP/1.1 400 to the preface); its bytes were counted, not decoded"),
    H2_CLIENT_PREFACE_INVALID(Severity.ERROR, "RFC 9113 §3.4", "the client did not start with the 24-octet connection preface; its bytes were counted, not decoded"),
    H2_FRAME_SIZE_EXCEEDED(Severity.ERROR, "RFC 9113 §4.2", "a frame is longer than the SETTINGS_MAX_FRAME_SIZE its receiver advertised; it was decoded anyway"),
    H2_FRAME_MALFORMED(Severity.ERROR, "RFC 9113 §6", "a frame has an invalid length, stream id, padding or value for its type; its content was ignored"),
    H2_CONTINUATION_MISSING(Severity.ERROR, "RFC 9113 §6.10", "a header block without END_HEADERS was not followed by CONTINUATION on its stream; the block was dropped and that direction's HPACK state lost"),
    H2_CONTINUATION_UNEXPECTED(Severity.ERROR, "RFC 9113 §6.10", "a CONTINUATION frame followed no open header block; it was ignored"),
    H2_HPACK_DECODING_FAILED(Severity.ERROR, "RFC 7541 §5-§6", "a header block could not be decoded; that direction's later header blocks were not decoded (HPACK state lost)"),
    H2_HPACK_TABLE_SIZE_EXCEEDED(Severity.ERROR, "RFC 7541 §4.2, §6.3", "a dynamic table size update exceeds the SETTINGS_HEADER_TABLE_SIZE the receiver advertised"),
    H2_HPACK_TABLE_LIMIT(Severity.WARNING, "hopsniff limits", "an HPACK dynamic table size beyond hopsniff's bound was announced (entries beyond the bound are not kept), or the tables of all connections together reached their bound (that direction's later header blocks were not decoded)"),
    H2_HEADER_LIST_TOO_LARGE(Severity.WARNING, "hopsniff limits", "a header block exceeded the header-list limit; fields beyond it were dropped (a compressed block beyond it loses that direction's HPACK state)"),
    H2_SETTINGS_INVALID(Severity.ERROR, "RFC 9113 §6.5.2", "a SETTINGS value is out of range (ENABLE_PUSH, INITIAL_WINDOW_SIZE, MAX_FRAME_SIZE, ENABLE_CONNECT_PROTOCOL)"),
    H2_FLOW_CONTROL_EXCEEDED(Severity.ERROR, "RFC 9113 §6.9", "a sender sent more DATA than the connection or stream flow-control window allowed"),
    H2_FRAME_ON_CLOSED_STREAM(Severity.WARNING, "RFC 9113 §5.1", "DATA or HEADERS arrived for a stream that had already closed"),
    H2_STREAM_RESET(Severity.INFO, "RFC 9113 §6.4", "a stream was reset with RST_STREAM; the sender and error code are in the detail"),
    H2_GOAWAY(Severity.INFO, "RFC 9113 §6.8", "an endpoint sent GOAWAY with NO_ERROR (graceful shutdown)"),
    H2_GOAWAY_ERROR(Severity.WARNING, "RFC 9113 §6.8, §7", "an endpoint sent GOAWAY with an error code (PROTOCOL_ERROR, HTTP_1_1_REQUIRED, ...), named in the detail"),
    H2_DECODED_HEADERS_LIMIT(Severity.WARNING, "hopsniff limits", "a direction decoded more header octets than its budget (HPACK amplification), or the run's kept-bytes budget had no room for a block's fields while its stream was open: the block keeps only its pseudo-headers"),
    H2_OPEN_STREAMS_LIMIT(Severity.WARNING, "hopsniff limits", "more streams were open at once than --max-h2-streams (default 4096): the oldest was reported incomplete to make room"),
    H2_STATUS_INVALID(Severity.ERROR, "RFC 9113 §8.3.2", "a response's :status is missing or not three digits; the response is kept with status 0"),
    H2_EXTENDED_CONNECT(Severity.INFO, "RFC 8441 §4", "an extended CONNECT (:protocol, e.g. websocket) was sent; whether the server enabled SETTINGS_ENABLE_CONNECT_PROTOCOL is in the detail"),
    H2_STREAM_INCOMPLETE(Severity.WARNING, "RFC 9113 §5.1", "a stream was still open when the connection or capture ended (or the open-stream bound was hit)"),
    H2_CONTENT_LENGTH_MISMATCH(Severity.ERROR, "RFC 9113 §8.1.1", "the DATA octets of a message differ from its content-length"),

    // --- Proxy behaviour seen across legs (issue #6). Add new PROXY_ ids at the end of this section.
    PROXY_NOT_FORWARDED(Severity.WARNING, "RFC 9110 §15.6.3, §15.6.5", "a request on the proxy's front leg never reached the backend: the proxy answered it itself (e.g. 502 when the backend is down)"),
    PROXY_UNMATCHED_BACKEND_REQUEST(Severity.INFO, "RFC 9110 §7.6", "a request to the backend matches no front-leg request (a health check, a retry, or a client that bypasses the proxy)"),
    ; // every constant above ends with a comma, so sections grow without touching each other

    private final Severity severity;
    private final String reference;
    private final String summary;

    AnomalyType(Severity severity, String reference, String summary) {
        this.severity = severity;
        this.reference = reference;
        this.summary = summary;
    }

    public Severity severity() {
        return severity;
    }

    /** The spec section (or "hopsniff limits") that the check comes from. */
    public String reference() {
        return reference;
    }

    public String summary() {
        return summary;
    }

    /**
     * Its {@link Category}. Limits are the ids whose reference is hopsniff's own limits; the rest follow from the
     * id's last words, with the exceptions listed here. The docs page groups and a test checks every id.
     */
    public Category category() {
        if (reference.equals("hopsniff limits")) {
            return Category.LIMIT;
        }
        if (reference.equals("hopsniff bug")) {
            return Category.DEBUG;
        }
        return switch (this) {
            case TCP_MIDSTREAM_START, TCP_RETRANSMISSION, TCP_OUT_OF_ORDER, TCP_OVERLAP_CONFLICT, TCP_GAP,
                 TCP_PORT_REUSE, TCP_RST_OUT_OF_WINDOW, TCP_DATA_AFTER_CLOSE, HTTP_GAP_IN_MESSAGE, HTTP_GAP_IN_BODY, HTTP_INCOMPLETE_MESSAGE,
                 WS_GAP_IN_PAYLOAD, WS_TRUNCATED_AT_END, H2_STREAM_INCOMPLETE, CAP_TRUNCATED_FILE, CAP_SNAPLEN_TRUNCATED,
                 CAP_HANDOFF_DROPPED, IP_FRAGMENT, IP_FRAGMENT_INCOMPLETE, IP_FRAGMENT_OVERLAP -> Category.SEQUENCE;
            case HTTP_NO_RESPONSE, HTTP_RESPONSE_WITHOUT_REQUEST, WS_HANDSHAKE_REFUSED, HTTP_SOCKS_REFUSED, PROXY_NOT_FORWARDED,
                 H2_GOAWAY_ERROR -> Category.RESPONSE_CODE;
            case CAP_LINKTYPE_UNSUPPORTED, L2_NOT_IP, IP_NOT_TCP, HTTP_NOT_HTTP, HTTP_UNDECODABLE_AFTER_GAP, HTTP_RESYNC_SKIPPED,
                 WS_FRAMES_UNDECODABLE, H2_FRAMES_UNDECODABLE, H2_HPACK_DECODING_FAILED -> Category.UNDECODED;
            case HTTP_PIPELINED, HTTP_UPGRADE, HTTP_CONNECT_TUNNEL, HTTP_BARE_LF, TCP_RST, H2_STREAM_RESET, H2_GOAWAY,
                 H2_EXTENDED_CONNECT, PROXY_UNMATCHED_BACKEND_REQUEST -> Category.COMMENT;
            default -> name().contains("BAD") || name().contains("MALFORMED") || name().contains("INVALID")
                    || name().contains("TRUNCATED") || name().contains("ABSURD") || name().contains("INCONSISTENT")
                    ? Category.MALFORMED : Category.PROTOCOL;
        };
    }

    /** The id a report names, in any case (what {@code hopsniff explain} is given); null when there is none. */
    public static AnomalyType find(String name) {
        for (AnomalyType t : values()) {
            if (t.name().equalsIgnoreCase(name.strip())) {
                return t;
            }
        }
        return null;
    }

    /** Whether hitting it means one of hopsniff's limits was reached ({@code summary.limits_hit}). */
    public boolean isLimit() {
        return category() == Category.LIMIT;
    }

    /** The layer prefix of the id: CAP, L2, IP, TCP, HTTP, WS, H2, PROXY. */
    public String layer() {
        return name().substring(0, name().indexOf('_'));
    }
}
