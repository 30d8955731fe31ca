package org.exposuregraph;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
}
