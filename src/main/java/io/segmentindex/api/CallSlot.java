package io.segmentindex.api;

import io.segmentindex.platform.FairAdmission;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * This call's place in {@link FairAdmission}: taken by {@link AdmissionFilter}, given back with the answer, or
 * earlier by a call that is about to wait for something (a long poll), which must not keep others out meanwhile.
 */
@RequestScoped
public class CallSlot {

    @Inject
    FairAdmission admission;

    private boolean held;
    private boolean waited;

    void taken() {
        held = true;
    }

    /** Gives the place back before a long wait; the call is then timed apart from the calls that do not wait. */
    public void releaseToWait() {
        waited = true;
        giveBack();
    }

    void giveBack() {
        if (held) {
            held = false;
            admission.leave();
        }
    }

    boolean waited() {
        return waited;
    }
}
