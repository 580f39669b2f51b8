package io.hopsniff.cli;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The BPF filter built from --server values, and whether a server address belongs to this host. */
final class CaptureFilters {

    private CaptureFilters() {
    }

    /** {@code tcp and ((host H and port P) or (port P2))}; ":PORT" drops the host part. */
    static String forServers(List<String> servers) {
        List<String> terms = new ArrayList<>();
        for (String s : servers) {
            int colon = s.lastIndexOf(':');
            String host = s.substring(0, colon).trim();
            String port = s.substring(colon + 1).trim();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            terms.add(host.isEmpty() || host.equals("*") ? "port " + port : "host " + host + " and port " + port);
        }
        if (terms.size() == 1) {
            return "tcp and " + terms.get(0);
        }
        StringBuilder b = new StringBuilder("tcp and (");
        for (int i = 0; i < terms.size(); i++) {
            b.append(i == 0 ? "" : " or ").append('(').append(terms.get(i)).append(')');
        }
        return b.append(')').toString();
    }

    /** The host parts of --server values that are not addresses of any local interface (or do not resolve). */
    static List<String> nonLocalHosts(List<String> servers) {
        return hostsByLocality(servers, false);
    }

    /**
     * The servers whose address belongs to this host (loopback included): Linux carries this host's own connections
     * to them over {@code lo}, so an interface that does not see lo ({@link #seesLoopback}) misses them.
     */
    static List<String> localHosts(List<String> servers) {
        return hostsByLocality(servers, true);
    }

    /** The host parts of --server values that are ({@code local}) or are not addresses of this host; any-host skipped. */
    private static List<String> hostsByLocality(List<String> servers, boolean local) {
        List<String> out = new ArrayList<>();
        List<InetAddress> addresses = localAddresses();
        for (String s : servers) {
            String host = s.substring(0, s.lastIndexOf(':')).replace("[", "").replace("]", "").trim();
            if (host.isEmpty() || host.equals("*")) {
                continue;
            }
            boolean isLocal;
            try {
                InetAddress a = InetAddress.getByName(host);
                isLocal = a.isLoopbackAddress() || addresses.contains(a);
            } catch (java.net.UnknownHostException e) {
                isLocal = false; // not resolvable: warned about as not local
            }
            if (isLocal == local) {
                out.add(host);
            }
        }
        return out;
    }

    /** True for {@code any}, a loopback interface, or a name that is no interface (opening it will say so). */
    static boolean seesLoopback(String interfaceName) {
        try {
            NetworkInterface ni = NetworkInterface.getByName(interfaceName);
            return interfaceName.equals("any") || ni == null || ni.isLoopback();
        } catch (SocketException e) {
            return true;
        }
    }

    private static List<InetAddress> localAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                out.addAll(Collections.list(ni.getInetAddresses()));
            }
        } catch (SocketException e) {
            // No interfaces listed: every address counts as non-local, which only adds a warning.
        }
        return out;
    }
}
