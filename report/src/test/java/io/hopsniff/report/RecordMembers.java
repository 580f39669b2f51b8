package io.hopsniff.report;

import java.util.List;
import java.util.Map;

/** Which members of which record types a test's records set (non-null) at least once, nested records included. */
final class RecordMembers {

    private RecordMembers() {
    }

    /** Adds {@code value}'s members to {@code set} ("Type.member" -> set somewhere), walking lists and records. */
    static void collect(Object value, Map<String, Boolean> set) throws Exception {
        if (value instanceof List<?> list) {
            for (Object v : list) {
                collect(v, set);
            }
            return;
        }
        if (value == null || !value.getClass().isRecord()) {
            return;
        }
        for (var c : value.getClass().getRecordComponents()) {
            Object v = c.getAccessor().invoke(value);
            String name = value.getClass().getSimpleName() + "." + c.getName();
            set.merge(name, v != null, Boolean::logicalOr);
            collect(v, set);
        }
    }
}
