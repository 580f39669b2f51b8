package io.hopsniff.decoder.tcp;

import io.hopsniff.decoder.ip.IpAddresses;
import java.util.Arrays;

/**
 * The text of recently seen IP addresses, one String each: every connection to the backend names the same server
 * address, and a proxy uses a handful of its own; thousands of connections then share a few Strings instead of
 * formatting and keeping one per endpoint. A direct-mapped cache: a collision just formats again.
 */
final class AddressNames {

    private static final int SLOTS = 1024;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] names = new String[SLOTS];

    String of(byte[] address, int length) {
        int h = length;
        for (int i = 0; i < length; i++) {
            h = h * 31 + address[i];
        }
        int slot = (h ^ h >>> 16) & (SLOTS - 1);
        byte[] k = keys[slot];
        if (k != null && k.length == length && Arrays.equals(k, 0, length, address, 0, length)) {
            return names[slot];
        }
        String name = IpAddresses.format(address, length);
        keys[slot] = Arrays.copyOf(address, length);
        names[slot] = name;
        return name;
    }
}
