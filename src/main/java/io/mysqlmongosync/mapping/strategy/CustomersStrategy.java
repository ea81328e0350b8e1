package io.mysqlmongosync.mapping.strategy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** The customers entity: required email. */
@ApplicationScoped
@Named("customers")
public class CustomersStrategy implements SyncStrategy {

    @Override
    public List<String> validate(Document row) {
        List<String> problems = new ArrayList<>(0);
        RowRules.required(row, "email", problems);
        return problems;
    }
}
