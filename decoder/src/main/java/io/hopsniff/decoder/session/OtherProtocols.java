package io.hopsniff.decoder.session;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Names the common line protocols that are not HTTP from the first bytes each side sent (either may be empty):
 * enough to say "this connection was SMTP" instead of listing a bogus request. Each rule needs a greeting or a
 * command that HTTP never sends; anything else stays {@link Protocol#UNKNOWN}.
 */
final class OtherProtocols {

    /** How many first bytes of each direction the rules look at. */
    static final int HEAD = 64;

    private OtherProtocols() {
    }

    static Protocol name(byte[] client, int clientLength, byte[] server, int serverLength) {
        String c = firstLine(client, clientLength);
        String s = firstLine(server, serverLength);
        String cu = c.toUpperCase(Locale.ROOT);
        if (c.startsWith("SSH-") || s.startsWith("SSH-")) {
            return Protocol.SSH; // RFC 4253 §4.2: both sides send "SSH-protoversion-softwareversion"
        }
        if (s.startsWith("SIP/2.0 ") || c.endsWith(" SIP/2.0")) {
            return Protocol.SIP; // RFC 3261 §7.1 / §7.2
        }
        if (s.startsWith("RTSP/1.") || c.matches("[A-Z_]+ \\S+ RTSP/1\\.\\d")) {
            return Protocol.RTSP; // RFC 2326 §6.1 / §7.1
        }
        if (c.matches("\\*\\d+") && clientLength > c.length() + 2 && client[c.length() + 2] == '$') {
            return Protocol.REDIS; // RESP: a command is an array of bulk strings, "*2\r\n$3\r\nGET..."
        }
        if (s.startsWith("+PONG") || s.startsWith("-NOAUTH") || s.startsWith("-WRONGPASS")) {
            return Protocol.REDIS; // answers to an inline command ("PING")
        }
        if (s.startsWith("+OK") || s.startsWith("-ERR")) {
            return Protocol.POP3; // RFC 1939 §4: the greeting
        }
        if (s.startsWith("* OK") || s.startsWith("* PREAUTH") || s.startsWith("* BYE")
                || cu.matches("[A-Z0-9.]+ (CAPABILITY|LOGIN|AUTHENTICATE|STARTTLS|SELECT|EXAMINE|NOOP|LOGOUT).*")) {
            return Protocol.IMAP; // RFC 9051 §7.1 untagged greeting, or a tagged command
        }
        if (startsWithCommand(cu, "EHLO", "HELO", "LHLO") || cu.startsWith("MAIL FROM:")) {
            return Protocol.SMTP; // RFC 5321 §4.1.1
        }
        if (s.startsWith("220")) {
            // both SMTP and FTP greet with 220: the client's command or the greeting's words decide
            if (startsWithCommand(cu, "USER", "AUTH TLS", "AUTH SSL", "FEAT", "SYST", "OPTS", "PASV")) {
                return Protocol.FTP;
            }
            String su = s.toUpperCase(Locale.ROOT);
            if (su.contains("SMTP")) {
                return Protocol.SMTP;
            }
            if (su.contains("FTP")) {
                return Protocol.FTP;
            }
        }
        return Protocol.UNKNOWN;
    }

    private static boolean startsWithCommand(String upper, String... commands) {
        for (String command : commands) {
            if (upper.equals(command) || upper.startsWith(command + " ")) {
                return true;
            }
        }
        return false;
    }

    /** The first line (without CR LF), as Latin-1, at most {@link #HEAD} bytes. */
    private static String firstLine(byte[] b, int n) {
        int end = 0;
        while (end < n && end < HEAD && b[end] != '\r' && b[end] != '\n') {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.ISO_8859_1);
    }
}
