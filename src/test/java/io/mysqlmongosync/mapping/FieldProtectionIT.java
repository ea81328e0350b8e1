package io.mysqlmongosync.mapping;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.testing.ActiveRuns;
import io.mysqlmongosync.testing.SecretFilesResource;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Field protection end to end: SYNC_PROTECT_CUSTOMERS masks, hashes, drops and encrypts columns as configured;
 * the ciphertext decrypts with the key (with plain JCE, as a consumer would); the HMAC equals one computed
 * independently from the key, so it is the same in every run and on every replica; a re-sync writes nothing.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = FieldProtectionIT.DB),
    @ResourceArg(name = "schema", value = "/db/protected.sql"),
    @ResourceArg(name = "tables", value = "customers"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0"),
    @ResourceArg(name = "SYNC_PROTECT_CUSTOMERS",
            value = "email:mask, phone:hash, ssn:drop, notes:encrypt, birth_date:encrypt, last_login:drop"),
    @ResourceArg(name = "sync.protect.aes-key", value = FieldProtectionIT.AES_KEY)})
@WithTestResource(value = SecretFilesResource.class, initArgs = {
    @ResourceArg(name = "dir", value = "target/secrets/field-protection"),
    @ResourceArg(name = "file:sync.protect.hmac-key-file", value = FieldProtectionIT.HMAC_KEY)})
class FieldProtectionIT {

    static final String DB = "mms_protect";
    static final String HMAC_KEY = "hmac-key-for-tests-0123456789abcdef";
    /** 32 bytes, base64. */
    static final String AES_KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

    @Inject
    MongoClient mongo;

    @Inject
    SyncController controller;

    @Test
    @Order(1)
    void protectedFieldsLandAsConfigured() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO customers (id, email, name, phone, ssn, notes, birth_date, last_login) VALUES "
                + "(1, 'john.doe@example.com', 'John', '+49 170 1234567', '123-45-6789', 'VIP: prefers phone calls',"
                + " '1980-05-17', '2024-01-02 03:04:05.123456'),"
                + "(2, 'a@b.org', 'Ann', NULL, NULL, NULL, NULL, NULL),"
                + "(3, 'mary@example.com', 'Mary', '555-0100', '987-65-4321', 'Überprüfung ✓', '1990-12-31', NULL)");
        sync();

        Document john = customers().find(new Document("_id", 1)).first();
        assertEquals("j***@example.com", john.getString("email"));
        assertEquals("John", john.getString("name"), "columns without a rule are untouched");
        assertEquals(hmac("+49 170 1234567"), john.getString("phone"));
        assertEquals(64, john.getString("phone").length());
        assertFalse(john.containsKey("ssn"), "dropped");
        assertFalse(john.containsKey("last_login"), "dropped");
        assertFalse(john.containsKey("last_login_micros"), "the micros sibling would reveal a protected column");

        Document notes = john.get("notes", Document.class);
        assertEquals("AES-256-GCM", notes.getString("alg"));
        assertEquals("utf8", notes.getString("fmt"));
        assertEquals(12, notes.get("iv", Binary.class).getData().length);
        assertEquals("VIP: prefers phone calls", decryptWithJce(notes));
        Document birth = john.get("birth_date", Document.class);
        assertEquals("bson", birth.getString("fmt"));
        assertEquals(Date.from(Instant.parse("1980-05-17T00:00:00Z")),
                FieldCrypto.decrypt(birth, Base64.getDecoder().decode(AES_KEY)));

        Document ann = customers().find(new Document("_id", 2)).first();
        assertEquals("a***@b.org", ann.getString("email"));
        assertTrue(ann.containsKey("phone") && ann.get("phone") == null, "NULL stays null");
        assertNull(ann.get("notes"));

        Document mary = customers().find(new Document("_id", 3)).first();
        assertEquals("m***@example.com", mary.getString("email"));
        assertEquals(hmac("555-0100"), mary.getString("phone"));
        assertEquals("Überprüfung ✓", decryptWithJce(mary.get("notes", Document.class)));

        String all = customers().find().into(new ArrayList<>()).toString();
        for (String plain : List.of("john.doe", "1234567", "123-45-6789", "987-65-4321", "VIP", "prefers", "mary@")) {
            assertFalse(all.contains(plain), "plain value '" + plain + "' reached MongoDB");
        }
    }

    @Test
    @Order(2)
    void theSameValuesProtectTheSameWayInTheNextRunSoNothingIsRewritten() throws Exception {
        Document before = customers().find(new Document("_id", 1)).first();
        sync();
        Document after = customers().find(new Document("_id", 1)).first();
        assertEquals(before.getString("phone"), after.getString("phone"), "the HMAC is stable");
        assertEquals(before.get("notes"), after.get("notes"), "encryption is deterministic per value");
        assertEquals(before.get("_sync", Document.class).getString("hash"), after.get("_sync", Document.class).getString("hash"));
        Map<String, Object> run = given().get("/sync/history?limit=1").then().statusCode(200).extract().jsonPath()
                .getMap("[0]");
        @SuppressWarnings("unchecked")
        Map<String, Object> table = ((List<Map<String, Object>>) run.get("results")).get(0);
        assertEquals(3, ((Number) table.get("unchanged")).intValue(), "a re-read of unchanged rows writes nothing: " + run);
        assertEquals(0, ((Number) table.get("updated")).intValue(), run.toString());

        TestDatabase.exec(DB, "UPDATE customers SET phone = '+49 170 7654321', updated_at = NOW(3) WHERE id = 1");
        sync();
        assertEquals(hmac("+49 170 7654321"), customers().find(new Document("_id", 1)).first().getString("phone"));
    }

    private void sync() {
        given().contentType(ContentType.JSON).body("{\"tables\":[\"customers\"]}").post("/sync/trigger").then().statusCode(202);
        ActiveRuns.awaitNone(controller, Duration.ofSeconds(60));
        List<Map<String, Object>> history = given().get("/sync/history?limit=1").then().extract().jsonPath().getList("$");
        assertEquals("success", history.get(0).get("status"), history.toString());
    }

    private MongoCollection<Document> customers() {
        return mongo.getDatabase("t_" + DB).getCollection("customers");
    }

    /** What a consumer holding SYNC_PROTECT_HMAC_KEY computes to look a value up. */
    static String hmac(String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HMAC_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Decryption as documented in docs/SECURITY.md, with nothing but the JDK. */
    static String decryptWithJce(Document encrypted) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(AES_KEY), "AES"),
                new GCMParameterSpec(128, encrypted.get("iv", Binary.class).getData()));
        return new String(c.doFinal(encrypted.get("ct", Binary.class).getData()), StandardCharsets.UTF_8);
    }
}
