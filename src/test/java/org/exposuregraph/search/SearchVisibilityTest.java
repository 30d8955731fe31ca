package org.exposuregraph.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * A GREEN key's search answers (hits, order and scores) are the same with and without hidden look-alikes:
 * before they exist, right after they are added, and right after they are deleted (when the full-text index
 * still counts them).
 */
@EmptyGraphTest
class SearchVisibilityTest {

    private static final List<String> SEARCHES = List.of("zebrafinch", "storage", "zebrafinch storage", "zebra",
            "stor", "zebrafinch archive", "finch");

    @Value("${local.server.port}")
    int port;
    @Autowired
    GraphFixtures fixtures;
    @Autowired
    Neo4jClient neo4j;

    private List<String> answers(String key) {
        HttpGraphQlTester tester = HttpGraphQlTester.create(TestClients.withKey(port, "/graphql", key));
        List<String> answers = new ArrayList<>();
        for (String text : SEARCHES) {
            for (int first : new int[] {1, 2, 10}) {
                answers.add(text + "/" + first + ": " + tester.document("query($t: String!, $n: Int) { search(text: $t, first: $n) { id name type score } }")
                        .variable("t", text).variable("n", first)
                        .execute().path("search").entityList(SearchHit.class).get());
            }
        }
        return answers;
    }

    private void create(String id, String name, String tlp) {
        neo4j.query("CREATE (:Organisation {id: $id, name: $name, kind: 'VENDOR', status: 'ACTIVE', tlp: $tlp, searchText: $id})")
                .bind(id).to("id").bind(name).to("name").bind(tlp).to("tlp").run();
    }

    @Test
    void hiddenLookAlikesChangeNoHitNoOrderAndNoScore() {
        fixtures.reset();
        create("zebrafinch-storage", "Zebrafinch Storage", "GREEN");
        create("finch-stores", "Finch Stores", "CLEAR");
        create("zebra-storage-ltd", "Zebra Storage Ltd", "CLEAR");
        List<String> without = answers(TestKeys.GREEN_READER);
        assertThat(without.get(0)).contains("Zebrafinch Storage");

        for (int i = 0; i < 20; i++) {
            create("hidden-zebrafinch-" + i, i % 2 == 0 ? "Zebrafinch" : "Zebrafinch Storage Archive " + i, i % 3 == 0 ? "RED" : "AMBER");
        }
        create("hidden-storage", "Storage", "RED");
        List<String> withHidden = answers(TestKeys.GREEN_READER);
        assertThat(answers(TestKeys.READER).toString()).as("the fully cleared key finds them").contains("hidden-zebrafinch-0");
        assertThat(withHidden).isEqualTo(without);

        neo4j.query("MATCH (o:Organisation) WHERE o.id STARTS WITH 'hidden-' DETACH DELETE o").run();
        assertThat(answers(TestKeys.GREEN_READER)).isEqualTo(without);
    }

    @Test
    void rankingPrefersWholeWordsThenTheExactNameThenName() {
        assertThat(SearchService.words("Stor-a-File 2021!")).containsExactly("stor", "a", "file", "2021");
        assertThat("Stor-a-File".matches(SearchService.wholeNamePattern(List.of("stor", "a", "file")))).isTrue();
        assertThat("Stor-a-File Ltd".matches(SearchService.wholeNamePattern(List.of("stor", "a", "file")))).isFalse();
        assertThat("Acme Storage".matches(SearchService.wholeWordPattern("storage"))).isTrue();
        assertThat("Acme Storages".matches(SearchService.wholeWordPattern("storage"))).isFalse();
    }
}
