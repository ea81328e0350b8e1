package io.mysqlmongosync.mapping.strategy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** The orders entity: required customer_id; total_amount never negative. */
@ApplicationScoped
@Named("orders")
public class OrdersStrategy implements SyncStrategy {

    @Override
    public List<String> validate(Document row) {
        List<String> problems = new ArrayList<>(0);
        RowRules.required(row, "customer_id", problems);
        RowRules.notNegative(row, "total_amount", problems);
        return problems;
    }
}
