package io.mysqlmongosync.mapping.strategy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** The products entity: required name; price, cost never negative. */
@ApplicationScoped
@Named("products")
public class ProductsStrategy implements SyncStrategy {

    @Override
    public List<String> validate(Document row) {
        List<String> problems = new ArrayList<>(0);
        RowRules.required(row, "name", problems);
        RowRules.notNegative(row, "price", problems);
        RowRules.notNegative(row, "cost", problems);
        return problems;
    }
}
