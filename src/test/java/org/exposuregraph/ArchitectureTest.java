package org.exposuregraph;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.data.repository.Repository;
import org.springframework.stereotype.Controller;

/** The module boundaries docs/architecture.md describes, checked on every build. */
@AnalyzeClasses(packages = "org.exposuregraph", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule controllersAreThinAndDoNotTalkToTheDatabase = noClasses()
            .that().areAnnotatedWith(Controller.class)
            .should().dependOnClassesThat().areAssignableTo(Neo4jClient.class)
            .orShould().dependOnClassesThat().areAssignableTo(org.neo4j.driver.Driver.class)
            .orShould().dependOnClassesThat().areAssignableTo(Repository.class);

    @ArchTest
    static final ArchRule controllersAreNotModuleApi = classes()
            .that().areAnnotatedWith(Controller.class)
            .should().notBePublic();

    @ArchTest
    static final ArchRule repositoriesStayInsideTheirModule = classes()
            .that().areAssignableTo(Repository.class)
            .should().notBePublic();

    /** Modules may depend on each other only one way round: no cycle through any chain of modules. */
    @ArchTest
    static final ArchRule modulesFormNoCycle = slices().matching("org.exposuregraph.(*)..")
            .should().beFreeOfCycles();

    /**
     * The interchange formats (imports, exports, their endpoints and command) sit on top: no domain module and
     * nothing below reaches into them. Every writer goes through the write model in {@code graph} instead.
     */
    @ArchTest
    static final ArchRule nothingButTheApplicationDependsOnTheInterchangeFormats = noClasses()
            .that().resideOutsideOfPackages("org.exposuregraph.ingest..")
            .and().doNotHaveFullyQualifiedName("org.exposuregraph.ExposureGraphApplication")
            .should().dependOnClassesThat().resideInAPackage("org.exposuregraph.ingest..");

    /** The write model, the database and the cross-cutting modules know nothing of the domain modules above them. */
    @ArchTest
    static final ArchRule theWriteModelIsBelowTheDomainModules = noClasses()
            .that().resideInAnyPackage("org.exposuregraph.graph..", "org.exposuregraph.database..",
                    "org.exposuregraph.security..", "org.exposuregraph.api..")
            .should().dependOnClassesThat().resideInAnyPackage("org.exposuregraph.organisation..",
                    "org.exposuregraph.dataflow..", "org.exposuregraph.taxonomy..", "org.exposuregraph.threat..",
                    "org.exposuregraph.incident..", "org.exposuregraph.provenance..", "org.exposuregraph.exposure..",
                    "org.exposuregraph.risk..", "org.exposuregraph.search..", "org.exposuregraph.ingest..",
                    "org.exposuregraph.web..");
}
