package org.exposuregraph.security;

import java.util.Optional;

import org.exposuregraph.api.ForbiddenException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The key behind the current request, for role checks inside services. */
public final class CurrentKey {

    private CurrentKey() {
    }

    public static Optional<ApiKeyAuthentication> get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof ApiKeyAuthentication key ? Optional.of(key) : Optional.empty();
    }

    /**
     * Runs {@code work} as the named key with this role and clearance, then restores the caller: work done in the
     * background on a key's behalf (alerts computed for a watch's owner) reads exactly what that key may read.
     */
    public static <T> T runAs(String name, Role role, Tlp clearance, java.util.function.Supplier<T> work) {
        var previous = SecurityContextHolder.getContext();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(new ApiKey(name, null, role, clearance)));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    /**
     * {@code task} to run on another thread as the current key (its clearance, its name in the change record):
     * what a background job started by a request needs, since the key is bound to the request's thread.
     */
    public static Runnable carriedTo(Runnable task) {
        org.springframework.security.core.context.SecurityContext caller = SecurityContextHolder.getContext();
        return () -> {
            SecurityContextHolder.setContext(caller);
            try {
                task.run();
            } finally {
                SecurityContextHolder.clearContext();
            }
        };
    }

    /** The current key's name, if a key is behind the current request. */
    public static Optional<String> name() {
        return get().map(ApiKeyAuthentication::getName);
    }

    /** Refuses unless the current key's role includes {@code role}. */
    public static void require(Role role, String what) {
        if (get().map(key -> !key.role().includes(role)).orElse(true)) {
            throw new ForbiddenException(what + " needs a key with role " + role + " or higher");
        }
    }
}
