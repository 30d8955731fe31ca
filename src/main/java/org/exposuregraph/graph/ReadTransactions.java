package org.exposuregraph.graph;

import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.StaticMethodMatcherPointcutAdvisor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionAttribute;
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
