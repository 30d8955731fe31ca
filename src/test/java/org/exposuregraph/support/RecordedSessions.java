package org.exposuregraph.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.SessionConfig;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every driver session an application opens, as the driver is asked for it: access mode (what the driver sends
 * the server, and what a cluster routes on), database, and which class of ours asked. Installed by
 * {@link #install()} as an initializer of {@link StandaloneApp#start}: it wraps the application's one
 * {@link Driver} bean, so Spring Data Neo4j, the migrations and the exports are all seen.
 */
public final class RecordedSessions implements BeanPostProcessor {

    /**
     * One session: {@code openedBy} is the innermost application class on the stack (a Spring proxy counts),
     * {@code thread} the thread that opened it (HTTP requests run on {@code http-nio-…} threads).
     */
    public record Opened(AccessMode mode, String database, String openedBy, String thread) {

        public boolean answeringARequest() {
            return thread.startsWith("http-nio-");
        }
    }

    private final List<Opened> opened = new CopyOnWriteArrayList<>();

    private RecordedSessions() {
    }

    /** An initializer that records the sessions of the application it starts; find the recorder with {@link #of}. */
    public static ApplicationContextInitializer<ConfigurableApplicationContext> install() {
        return context -> {
            RecordedSessions recorder = new RecordedSessions();
            // A singleton that is a BeanPostProcessor is registered as one with the others when the context refreshes.
            context.getBeanFactory().registerSingleton("recordedSessions", recorder);
        };
    }

    public static RecordedSessions of(ConfigurableApplicationContext context) {
        return context.getBean(RecordedSessions.class);
    }

    /** Every session opened since the application started. */
    public List<Opened> all() {
        return List.copyOf(opened);
    }

    /** The sessions opened while {@code work} ran (and any opened meanwhile by background work: filter on openedBy). */
    public List<Opened> during(Runnable work) {
        int from = opened.size();
        work.run();
        List<Opened> now = new ArrayList<>(opened); // background work may open more while this copies
        return List.copyOf(now.subList(from, now.size()));
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof Driver driver)) {
            return bean;
        }
        InvocationHandler recording = (proxy, method, args) -> {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    break;
            }
            if (args != null) {
                for (Object arg : args) {
                    if (arg instanceof SessionConfig config) {
                        opened.add(new Opened(config.defaultAccessMode(), config.database().orElse(null), opener(), Thread.currentThread().getName()));
                    }
                }
                if (method.getName().equals("session") && args.length == 0) {
                    opened.add(new Opened(AccessMode.WRITE, null, opener(), Thread.currentThread().getName()));
                }
            }
            try {
                return method.invoke(driver, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return Proxy.newProxyInstance(Driver.class.getClassLoader(), new Class<?>[] {Driver.class}, recording);
    }

    private static String opener() {
        return StackWalker.getInstance().walk(frames -> frames
                .map(StackWalker.StackFrame::getClassName)
                .filter(name -> name.startsWith("org.exposuregraph.") && !name.startsWith("org.exposuregraph.support."))
                .findFirst().orElse("(outside the application)"));
    }
}
