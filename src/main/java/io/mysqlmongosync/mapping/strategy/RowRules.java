package io.mysqlmongosync.mapping.strategy;

import java.math.BigDecimal;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;

/** Small validation checks the entity strategies combine; each adds a message naming the field. */
final class RowRules {

    private RowRules() {
    }

    /** A field the table has must hold a non-blank value (a column the table lacks is not checked). */
    static void required(Document row, String field, List<String> problems) {
        if (!row.containsKey(field)) {
            return;
        }
        Object v = row.get(field);
        if (v == null || (v instanceof String s && s.isBlank())) {
            problems.add(field + " is required");
        }
    }

    static void notNegative(Document row, String field, List<String> problems) {
        Object v = row.get(field);
        BigDecimal n = v instanceof Decimal128 d ? d.bigDecimalValue()
                : v instanceof Number num ? new BigDecimal(num.toString()) : null;
        if (n != null && n.signum() < 0) {
            problems.add(field + " must not be negative (was " + n.toPlainString() + ")");
        }
    }
}
