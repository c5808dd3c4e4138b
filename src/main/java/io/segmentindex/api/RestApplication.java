package io.segmentindex.api;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationPath("/api/v1")
@LoginConfig(authMethod = "MP-JWT", realmName = "segment-index")
@DeclareRoles({Roles.READER, Roles.EDITOR, Roles.ADMIN})
@OpenAPIDefinition(info = @Info(title = "Segment Index Service", version = "1",
        description = "Keeps the segments of a RAG knowledge base in a search index, takes them out and puts"
                + " them back. JSON is snake_case; errors are {code, message, status}.",
        license = @License(name = "Proprietary")),
        servers = @Server(url = "/", description = "This server"),
        tags = {
            @Tag(name = "Datasets", description = "Knowledge bases of a tenant, and their reconcile and reindex"),
            @Tag(name = "Documents", description = "Documents with their segments, indexed in the background;"
                    + " enable, disable, archive"),
            @Tag(name = "Segments", description = "The segments of a document, with their fields"),
            @Tag(name = "Enable / disable", description = "Taking segments out of the index and putting them back:"
                    + " 202 at once, an operation to follow"),
            @Tag(name = "Operations", description = "Background work as recorded: follow one, list a dataset's,"
                    + " retry one that failed"),
            @Tag(name = "Retrieval", description = "Hit testing: semantic, full-text, keyword and hybrid search")},
        security = @SecurityRequirement(name = RestApplication.BEARER))
@SecurityScheme(securitySchemeName = RestApplication.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "A JWT whose tenant_id claim names the tenant and whose groups give the"
                + " roles (reader, editor, admin); the development server mints one at POST /api/v1/dev/token")
public class RestApplication extends Application {

    static final String BEARER = "bearer";
}
