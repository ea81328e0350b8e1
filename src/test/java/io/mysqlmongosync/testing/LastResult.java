package io.mysqlmongosync.testing;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;

/** A table's {@code last_result} in one {@code GET /sync/status} answer, read through the API as a user would. */
public record LastResult(JsonPath status, String table) {

    /** {@code table}'s last result in a fresh /sync/status answer. */
    public static LastResult of(String table) {
        return new LastResult(given().get("/sync/status").then().statusCode(200).extract().jsonPath(), table);
    }

    /** An integer field of the result, e.g. {@code created}. */
    public int getInt(String field) {
        return status.getInt("tables." + table + ".last_result." + field);
    }

    /** A text field of the result, e.g. {@code run_id} or {@code status}. */
    public String getString(String field) {
        return status.getString("tables." + table + ".last_result." + field);
    }
}
