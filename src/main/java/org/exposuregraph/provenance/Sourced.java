package org.exposuregraph.provenance;

import org.exposuregraph.security.Tlp;
import java.util.List;

/**
 * A fact that carries provenance. Implemented by every record behind a GraphQL type that implements
 * the {@code Sourced} interface; its {@code sources} and {@code claims} fields are resolved for all of
 * them in one place ({@link SourcedFieldsWiring}).
 */
public interface Sourced {

    /** Id of the fact; claims name it as their subject. */
    String id();

    /** Ids of the sources that support the fact. */
    List<String> sourceIds();

    /** The fact's TLP marking. */
    Tlp tlp();
}
