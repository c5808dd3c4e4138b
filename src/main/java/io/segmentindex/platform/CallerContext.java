package io.segmentindex.platform;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who is calling: the tenant every query is scoped by, and the user recorded in created_by / disabled_by.
 * Filled once per request by the API layer; background tasks carry the tenant explicitly instead.
 */
@RequestScoped
public class CallerContext {

    private String tenantId;
    private String userId;

    public void set(String tenantId, String userId) {
        this.tenantId = tenantId;
        this.userId = userId;
    }

    /** Whether this request carries a verified caller (open endpoints and refused tokens do not). */
    public boolean known() {
        return tenantId != null;
    }

    public String tenantId() {
        if (tenantId == null) {
            throw new IllegalStateException("no caller on this request");
        }
        return tenantId;
    }

    public String userId() {
        return userId;
    }
}
