package io.hopsniff.capture.live;

import java.util.ArrayList;
import java.util.List;

/** The capture devices on this host, for {@code hopsniff interfaces} (the equivalent of {@code tcpdump -D}). */
public final class Interfaces {

    private Interfaces() {
    }

    /** In libpcap's order, which puts up, running, non-loopback devices with addresses first. */
    public static List<InterfaceInfo> list() throws CaptureException {
        return PcapLiveSource.findAllDevs();
    }

    /** {@code tcpdump -D} style: {@code "1.eth0 [Up, Running] 10.0.0.5/255.255.255.0"}, one line each. */
    public static List<String> describe(List<InterfaceInfo> interfaces) {
        List<String> lines = new ArrayList<>(interfaces.size());
        int n = 1;
        for (InterfaceInfo i : interfaces) {
            List<String> flags = new ArrayList<>(3);
            if (i.up()) {
                flags.add("Up");
            }
            if (i.running()) {
                flags.add("Running");
            }
            if (i.loopback()) {
                flags.add("Loopback");
            }
            StringBuilder sb = new StringBuilder().append(n++).append('.').append(i.name());
            if (!i.description().isEmpty()) {
                sb.append(" (").append(i.description()).append(')');
            }
            if (!flags.isEmpty()) {
                sb.append(" [").append(String.join(", ", flags)).append(']');
            }
            if (!i.addresses().isEmpty()) {
                sb.append(' ').append(String.join(" ", i.addresses()));
            }
            lines.add(sb.toString());
        }
        return lines;
    }
}
