package io.mysqlmongosync.engine;

import io.mysqlmongosync.mapping.DocumentCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Locale;
import org.bson.Document;

/** The test application's customizer of table {@code rescan_items} (see {@link CaptureIT}): adds a label. */
@ApplicationScoped
@Named("rescan_items")
public class RescanItemsCustomizer implements DocumentCustomizer {

    @Override
    public Document customize(Document document, Document row) {
        return document.append("label", row.getString("name").toUpperCase(Locale.ROOT));
    }
}
