package io.segmentindex.platform;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;

import java.util.logging.Level;
import java.util.logging.Logger;

@InTransaction
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 200)
public class InTransactionInterceptor {

    private static final Logger LOG = Logger.getLogger(InTransactionInterceptor.class.getName());

    @Resource
    UserTransaction transaction;

    @AroundInvoke
    public Object around(InvocationContext call) throws Exception {
        if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
            try {
                return call.proceed();
            } catch (Exception | Error e) {
                // As with @Transactional: a failure inside a joined transaction dooms the whole of it.
                transaction.setRollbackOnly();
                throw e;
            }
        }
        transaction.begin();
        Object result;
        try {
            result = call.proceed();
        } catch (Exception | Error e) {
            rollbackQuietly();
            throw e;
        }
        if (transaction.getStatus() == Status.STATUS_MARKED_ROLLBACK) {
            transaction.rollback();
            throw new TransactionFailedException("The transaction was marked for rollback.", null, false);
        }
        try {
            transaction.commit();
        } catch (RollbackException | HeuristicMixedException | HeuristicRollbackException | SystemException
                 | RuntimeException e) {
            // The connection may have died after PostgreSQL committed and before it said so.
            throw new TransactionFailedException("The commit did not complete.", e, true);
        }
        return result;
    }

    private void rollbackQuietly() {
        try {
            if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
                transaction.rollback();
            }
        } catch (SystemException | IllegalStateException | SecurityException e) {
            // The original failure is what the caller must see; the database drops the transaction anyway.
            LOG.log(Level.FINE, "rollback after a failure failed", e);
        }
    }
}
