package io.mysqlmongosync.api;

import io.mysqlmongosync.security.ApiRoles;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * 401 and 403 answers of the API as JSON {@link ApiError}s, like every other error, with the
 * {@code WWW-Authenticate: Bearer} challenge on 401. The messages say what is needed, never what was sent.
 */
public class SecurityErrorMappers {

    private static final String CHALLENGE = "Bearer realm=\"mysql-mongo-sync\"";

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated("Authentication required: send Authorization: Bearer <token>");
    }

    @ServerExceptionMapper
    public Response badCredentials(AuthenticationFailedException e) {
        return unauthenticated("The bearer token is not valid (unknown, expired or badly signed)");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        boolean read = "GET".equals(request.method().name()) || "HEAD".equals(request.method().name());
        String role = read ? ApiRoles.VIEWER : ApiRoles.OPERATOR;
        return ApiExceptionMappers.error(403, "forbidden", "This action needs the role " + role);
    }

    private static Response unauthenticated(String message) {
        return Response.status(401).type(MediaType.APPLICATION_JSON).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                .entity(new ApiError("unauthorized", message)).build();
    }
}
