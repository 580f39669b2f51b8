package io.hopsniff.capture.live;

import io.hopsniff.capture.live.CaptureException.Kind;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns libpcap's return codes and error strings into a {@link CaptureException.Kind} and a one-line message.
 * The code decides when libpcap gives one ({@code pcap_activate}); the text is the fallback, because
 * {@code pcap_loop} and {@code pcap_create} only return {@code PCAP_ERROR} with an errbuf.
 */
final class CaptureErrors {
    // pcap/pcap.h
    static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
    static final int PCAP_ERROR_PERM_DENIED = -8;
    static final int PCAP_ERROR_IFACE_NOT_UP = -9;
    static final int PCAP_ERROR_PROMISC_PERM_DENIED = -11;

    /** pcap4j 1.8.2 says "Error occurred in pcap_compile: ", older ones "occured", and "setfilger". */
    private static final Pattern PCAP4J_PREFIX = Pattern.compile(
            "^(?:Error occur+ed in pcap_\\w+|Failed to set filter|Error occur+ed|Unexpected error occur+ed):\\s*");

    private CaptureErrors() {
    }

    /** {@code what} says what we were doing: "cannot open eth0", "capture on eth0 stopped". */
    static CaptureException fromLibpcap(String what, String libpcapMessage, Integer returnCode, Throwable cause) {
        String msg = clean(libpcapMessage);
        Kind kind = kindOf(msg, returnCode);
        String reason = switch (kind) {
            case PERMISSION -> "permission denied, run as root or grant CAP_NET_RAW,CAP_NET_ADMIN";
            case NO_SUCH_INTERFACE -> "no such interface (see hopsniff interfaces)";
            case INTERFACE_DOWN -> "interface is down";
            default -> null;
        };
        String text = what + ": " + (reason == null ? msg : reason + " (libpcap: " + msg + ")");
        return new CaptureException(kind, oneLine(text), cause);
    }

    static Kind kindOf(String message, Integer returnCode) {
        if (returnCode != null) {
            switch (returnCode) {
                case PCAP_ERROR_NO_SUCH_DEVICE:
                    return Kind.NO_SUCH_INTERFACE;
                case PCAP_ERROR_PERM_DENIED:
                case PCAP_ERROR_PROMISC_PERM_DENIED:
                    return Kind.PERMISSION;
                case PCAP_ERROR_IFACE_NOT_UP:
                    return Kind.INTERFACE_DOWN;
                default:
                    break;
            }
        }
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (m.contains("operation not permitted") || m.contains("permission denied")
                || m.contains("don't have permission")) {
            return Kind.PERMISSION;
        }
        if (m.contains("no such device") || m.contains("doesn't exist")) {
            return Kind.NO_SUCH_INTERFACE;
        }
        if (m.contains("not up") || m.contains("went down") || m.contains("network is down")
                || m.contains("interface disappeared")) {
            return Kind.INTERFACE_DOWN;
        }
        return Kind.OTHER;
    }

    /** pcap4j prefixes its own words ("Error occured in pcap_compile: "); the operator wants libpcap's. */
    static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "unknown libpcap error";
        }
        String m = PCAP4J_PREFIX.matcher(message.strip()).replaceFirst("").strip();
        return m.isEmpty() ? "unknown libpcap error" : m;
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }
}
