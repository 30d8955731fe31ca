package org.exposuregraph.database;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DelegatingTransactionDefinition;

/**
 * Spring Data Neo4j's transaction manager, with each new transaction's timeout cut to the time its request has
 * left ({@link RequestDeadline}). The driver passes the timeout to the database, which then stops the
 * transaction's queries: a request past its deadline holds no core.
 */
class DeadlineTransactionManager implements PlatformTransactionManager {

    private final PlatformTransactionManager delegate;

    DeadlineTransactionManager(PlatformTransactionManager delegate) {
        this.delegate = delegate;
    }

    @Override
    public TransactionStatus getTransaction(TransactionDefinition definition) throws TransactionException {
        int left = RequestDeadline.secondsLeft();
        if (left < 0) {
            return delegate.getTransaction(definition);
        }
        TransactionDefinition given = definition == null ? TransactionDefinition.withDefaults() : definition;
        return delegate.getTransaction(new DelegatingTransactionDefinition(given) {
            @Override
            public int getTimeout() {
                int own = super.getTimeout();
                return own == TransactionDefinition.TIMEOUT_DEFAULT ? left : Math.min(own, left);
            }
        });
    }

    @Override
    public void commit(TransactionStatus status) throws TransactionException {
        delegate.commit(status);
    }

    @Override
    public void rollback(TransactionStatus status) throws TransactionException {
        delegate.rollback(status);
    }
}
