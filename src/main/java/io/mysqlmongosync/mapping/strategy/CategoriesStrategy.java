package io.mysqlmongosync.mapping.strategy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** The categories entity: required name. */
@ApplicationScoped
@Named("categories")
public class CategoriesStrategy implements SyncStrategy {

    @Override
    public List<String> validate(Document row) {
        List<String> problems = new ArrayList<>(0);
        RowRules.required(row, "name", problems);
        return problems;
    }
}
