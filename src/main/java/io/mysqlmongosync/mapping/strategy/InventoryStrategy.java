package io.mysqlmongosync.mapping.strategy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** The inventory entity: required product_id; quantity never negative. */
@ApplicationScoped
@Named("inventory")
public class InventoryStrategy implements SyncStrategy {

    @Override
    public List<String> validate(Document row) {
        List<String> problems = new ArrayList<>(0);
        RowRules.required(row, "product_id", problems);
        RowRules.notNegative(row, "quantity", problems);
        return problems;
    }
}
