package io.segmentindex.api;

import io.segmentindex.platform.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class ProblemMapper implements ExceptionMapper<Problem> {

    @Override
    public Response toResponse(Problem problem) {
        return ErrorBody.response(problem.kind().status(), problem.code(), problem.getMessage());
    }
}
