package io.hopsniff.capture.live;

import java.util.List;

/**
 * One capture device as libpcap lists it ({@code pcap_findalldevs}), the data behind {@code tcpdump -D}.
 *
 * @param name        what to pass as the interface, e.g. {@code "eth0"}, {@code "any"}, {@code "lo"}
 * @param description libpcap's description, often empty on Linux
 * @param addresses   IPv4/IPv6 addresses, each as {@code "10.0.0.5/255.255.255.0"} or without a mask
 */
public record InterfaceInfo(String name, String description, List<String> addresses, boolean up, boolean running,
                            boolean loopback) {

    public InterfaceInfo {
        description = description == null ? "" : description;
        addresses = List.copyOf(addresses);
    }
}
