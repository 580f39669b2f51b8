package io.hopsniff.decoder.tcp;

/**
 * An intrusive doubly linked list of connections in order of last activity (oldest first): touching a connection
 * moves it to the tail in O(1) without allocating, so idle scans and evictions start from the head and stop at the
 * first connection that is recent enough.
 */
final class ConnectionList {
    private TcpConnection head;
    private TcpConnection tail;
    private int size;

    TcpConnection first() {
        return head;
    }

    int size() {
        return size;
    }

    void addLast(TcpConnection c) {
        c.list = this;
        c.prev = tail;
        c.next = null;
        if (tail == null) {
            head = c;
        } else {
            tail.next = c;
        }
        tail = c;
        size++;
    }

    void remove(TcpConnection c) {
        if (c.list != this) {
            return;
        }
        if (c.prev == null) {
            head = c.next;
        } else {
            c.prev.next = c.next;
        }
        if (c.next == null) {
            tail = c.prev;
        } else {
            c.next.prev = c.prev;
        }
        c.prev = null;
        c.next = null;
        c.list = null;
        size--;
    }

    void moveToTail(TcpConnection c) {
        if (tail == c) {
            return;
        }
        remove(c);
        addLast(c);
    }
}
