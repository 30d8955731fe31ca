package org.exposuregraph.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole application over real HTTP, started as a user starts it: embedded Neo4j in a fresh folder,
 * seeded with the Stor-a-File case. Tests with this annotation share the context and must not write.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "exposuregraph.data-dir=target/test-graphs/${random.uuid}",
        "exposuregraph.embedded.bolt-port=0",
        "exposuregraph.embedded.temporary=true",
        "exposuregraph.security.api-keys=" + TestKeys.ALL,
        // Tests send bursts; RateLimitTest checks the limit on an application of its own.
        "exposuregraph.security.requests-per-minute=100000"})
@Import(TestSupportConfiguration.class)
public @interface SeededGraphTest {
}
