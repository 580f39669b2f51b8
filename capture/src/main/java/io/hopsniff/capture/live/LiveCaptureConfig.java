package io.hopsniff.capture.live;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open a live capture. Defaults are the ones an operator wants mid-incident: every interface, whole
 * packets, a kernel buffer large enough not to drop at line rate, packets handed over within 100 ms.
 *
 * @param interfaceName  the device, {@code "any"} by default (Linux cooked capture over all interfaces)
 * @param filter         a BPF expression in tcpdump syntax; empty means no filter
 * @param snaplen        bytes kept per packet, default {@value #DEFAULT_SNAPLEN} (libpcap's own maximum)
 * @param bufferBytes    kernel capture buffer, default 64 MiB: measured with pcap4j's loop at 0.5 Mpps, the
 *                       default kernel buffer (2 MiB) lost 9–48 % and 64 MiB lost nothing
 * @param immediate      deliver each packet at once. OFF by default, measured: libpcap 1.10 on Linux switches
 *                       to TPACKET_V2 in immediate mode, whose ring has fixed slots sized to min(snaplen, MTU),
 *                       so 64 MiB on lo (MTU 65536) holds only ~1000 packets; replaying 311 k packets onto lo at
 *                       180–240 kpps lost 6.5 % with immediate mode and 0 without (TPACKET_V3 packs packets
 *                       densely). Without it, packets arrive at most {@code timeoutMillis} late
 * @param timeoutMillis  libpcap's read timeout (the TPACKET_V3 block retire time), default
 *                       {@value #DEFAULT_TIMEOUT_MILLIS}: the worst-case delivery delay when immediate mode is off
 * @param promiscuous    put the NIC in promiscuous mode; off by default: the proxy→backend hop is addressed to
 *                       this host, and flipping a production NIC's mode mid-incident is a side effect
 * @param packetLimit    stop after this many packets; 0 = no limit (at most {@link Integer#MAX_VALUE})
 * @param pcapOutput     also write every packet to this classic pcap file; null = no file
 */
public record LiveCaptureConfig(String interfaceName, String filter, int snaplen, int bufferBytes, boolean immediate,
                                int timeoutMillis, boolean promiscuous, long packetLimit, Path pcapOutput) {

    public static final String DEFAULT_INTERFACE = "any";
    public static final int DEFAULT_SNAPLEN = 262_144;
    public static final int DEFAULT_BUFFER_BYTES = 64 << 20;
    public static final int DEFAULT_TIMEOUT_MILLIS = 100;

    public LiveCaptureConfig {
        Objects.requireNonNull(interfaceName, "interfaceName");
        if (interfaceName.isBlank()) {
            throw new IllegalArgumentException("interface name is empty");
        }
        filter = filter == null ? "" : filter.strip();
        if (snaplen < 1 || snaplen > DEFAULT_SNAPLEN) {
            throw new IllegalArgumentException("snaplen " + snaplen + " outside 1.." + DEFAULT_SNAPLEN);
        }
        if (bufferBytes < 0) {
            throw new IllegalArgumentException("buffer size " + bufferBytes + " is negative");
        }
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeout " + timeoutMillis + " ms is negative");
        }
        if (!immediate && timeoutMillis == 0) {
            // 0 means "wait until a block fills": a quiet hop would show nothing for minutes
            throw new IllegalArgumentException("timeout 0 without immediate mode would hold packets indefinitely");
        }
        if (packetLimit < 0 || packetLimit > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("packet limit " + packetLimit + " outside 0.." + Integer.MAX_VALUE);
        }
    }

    public static LiveCaptureConfig defaults() {
        return new LiveCaptureConfig(DEFAULT_INTERFACE, "", DEFAULT_SNAPLEN, DEFAULT_BUFFER_BYTES, false,
                DEFAULT_TIMEOUT_MILLIS, false, 0, null);
    }

    public LiveCaptureConfig withInterface(String name) {
        return new LiveCaptureConfig(name, filter, snaplen, bufferBytes, immediate, timeoutMillis, promiscuous,
                packetLimit, pcapOutput);
    }

    public LiveCaptureConfig withFilter(String bpf) {
        return new LiveCaptureConfig(interfaceName, bpf, snaplen, bufferBytes, immediate, timeoutMillis, promiscuous,
                packetLimit, pcapOutput);
    }

    public LiveCaptureConfig withSnaplen(int bytes) {
        return new LiveCaptureConfig(interfaceName, filter, bytes, bufferBytes, immediate, timeoutMillis, promiscuous,
                packetLimit, pcapOutput);
    }

    public LiveCaptureConfig withBufferBytes(int bytes) {
        return new LiveCaptureConfig(interfaceName, filter, snaplen, bytes, immediate, timeoutMillis, promiscuous,
                packetLimit, pcapOutput);
    }

    public LiveCaptureConfig withImmediate(boolean on) {
        return new LiveCaptureConfig(interfaceName, filter, snaplen, bufferBytes, on, timeoutMillis, promiscuous,
                packetLimit, pcapOutput);
    }

    public LiveCaptureConfig withTimeoutMillis(int millis) {
        return new LiveCaptureConfig(interfaceName, filter, snaplen, bufferBytes, immediate, millis, promiscuous,
                packetLimit, pcapOutput);
    }

    public LiveCaptureConfig withPromiscuous(boolean on) {
        return new LiveCaptureConfig(interfaceName, filter, snaplen, bufferBytes, immediate, timeoutMillis, on,
                packetLimit, pcapOutput);
    }

    public LiveCaptureConfig withPacketLimit(long packets) {
        return new LiveCaptureConfig(interfaceName, filter, snaplen, bufferBytes, immediate, timeoutMillis,
                promiscuous, packets, pcapOutput);
    }

    public LiveCaptureConfig withPcapOutput(Path file) {
        return new LiveCaptureConfig(interfaceName, filter, snaplen, bufferBytes, immediate, timeoutMillis,
                promiscuous, packetLimit, file);
    }
}
