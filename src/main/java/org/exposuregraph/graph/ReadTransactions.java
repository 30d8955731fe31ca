package org.exposuregraph.graph;

import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.StaticMethodMatcherPointcutAdvisor;
import org.exposuregraph.security.RequestDeadline;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.data.neo4j.core.Neo4jTemplate;
import org.springframework.data.neo4j.core.transaction.Neo4jTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.support.DelegatingTransactionDefinition;
import org.springframework.transaction.interceptor.TransactionAttributeSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads run as read transactions (READ sessions, which a cluster routes to followers, after the application's
 * bookmarks) and are retried like writes: every {@code @Transactional(readOnly = true)} method that opens its own
 * read transaction runs again, whole, under {@link TransientFailures}' rule when it fails transiently (a cluster
 * leader switch, a follower going away, a lost connection), instead of reaching the caller as {@code INTERNAL_ERROR}.
 * The advice wraps the transaction advice (higher precedence), so each attempt gets a fresh session and
 * transaction; a method joining a caller's transaction is left to that caller. {@link #run} does the same for
 * work that cannot sit behind an annotated method (a page's total counted only when asked, after the call).
 */
@Component
public class ReadTransactions {

    private final TransactionTemplate readOnly;

    ReadTransactions(PlatformTransactionManager transactions) {
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Runs {@code work} in a read transaction of its own (or the caller's), retried on transient failures. */
    public <T> T run(Supplier<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return work.get();
        }
        return TransientFailures.retry("read", () -> readOnly.execute(status -> work.get()));
    }

    /**
     * Every read transaction opened for a request with a deadline (a GraphQL data fetch) carries the time left
     * before it as its timeout, so the database stops a query still running at the deadline instead of letting
     * it hold a core after the caller was answered. Spring's timeouts are whole seconds: the time left is rounded
     * up, at least one second. The one place where both annotated reads and {@link #run} open their transactions.
     */
    @Bean
    static BeanPostProcessor readsEndAtTheRequestDeadline() {
        return new ReadsEndAtTheRequestDeadline();
    }

    /**
     * Puts {@link DeadlineBound} in place of the transaction manager, and hands it to the {@code Neo4jTemplate}
     * too: the template looks for a bean that is a {@code Neo4jTransactionManager} and finds none any more, and
     * without one its repository queries fail.
     */
    private static final class ReadsEndAtTheRequestDeadline implements BeanPostProcessor, BeanFactoryAware {

        private BeanFactory beans;

        @Override
        public void setBeanFactory(BeanFactory beans) {
            this.beans = beans;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof Neo4jTransactionManager transactions) {
                return new DeadlineBound(transactions);
            }
            if (bean instanceof Neo4jTemplate template) {
                template.setTransactionManager(beans.getBean(PlatformTransactionManager.class));
            }
            return bean;
        }
    }

    /** A transaction manager whose read transactions end at the current request's deadline. */
    private record DeadlineBound(PlatformTransactionManager transactions) implements PlatformTransactionManager {

        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            java.time.Duration left = RequestDeadline.remaining();
            if (left == null || definition == null || !definition.isReadOnly()
                    || definition.getTimeout() != TransactionDefinition.TIMEOUT_DEFAULT) {
                return transactions.getTransaction(definition);
            }
            int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left.toMillis() + 999) / 1000));
            return transactions.getTransaction(new DelegatingTransactionDefinition(definition) {
                @Override
                public int getTimeout() {
                    return seconds;
                }
            });
        }

        @Override
        public void commit(TransactionStatus status) {
            transactions.commit(status);
        }

        @Override
        public void rollback(TransactionStatus status) {
            transactions.rollback(status);
        }
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE) // picked up by the same auto-proxy creator as the transaction advice
    static StaticMethodMatcherPointcutAdvisor readRetryAdvisor() {
        TransactionAttributeSource transactions = new AnnotationTransactionAttributeSource();
        StaticMethodMatcherPointcutAdvisor advisor = new StaticMethodMatcherPointcutAdvisor() {
            @Override
            public boolean matches(Method method, Class<?> targetClass) {
                TransactionAttribute attribute = transactions.getTransactionAttribute(method, targetClass);
                return attribute != null && attribute.isReadOnly();
            }
        };
        advisor.setOrder(Ordered.HIGHEST_PRECEDENCE);
        advisor.setAdvice((MethodInterceptor) invocation -> {
            if (TransactionSynchronizationManager.isActualTransactionActive()
                    || !(invocation instanceof ProxyMethodInvocation proxied)) {
                return invocation.proceed();
            }
            String what = invocation.getMethod().getDeclaringClass().getSimpleName() + "." + invocation.getMethod().getName();
            return TransientFailures.retry(what, () -> {
                try {
                    return proxied.invocableClone().proceed();
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new UndeclaredThrowableException(e);
                }
            });
        });
        return advisor;
    }
}
