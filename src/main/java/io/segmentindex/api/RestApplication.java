package io.segmentindex.api;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

@ApplicationPath("/api/v1")
@LoginConfig(authMethod = "MP-JWT", realmName = "segment-index")
@DeclareRoles({Roles.READER, Roles.EDITOR, Roles.ADMIN})
@OpenAPIDefinition(info = @Info(title = "Segment Index Service", version = "1",
        description = "Keeps the segments of a RAG knowledge base in a search index, takes them out and puts"
                + " them back. JSON is snake_case; errors are {code, message, status}."))
public class RestApplication extends Application {
}
