package dunes.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.filter.Filter;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Two engine nodes starting at the same moment on one database: two threads, each with its own
 * connection and transaction (the engine keeps no groups, grants or filters in memory between
 * commands), run the setup against an H2 file database (MVStore, row locks) from which Dunes's
 * groups, grants and filter were removed. Each row must exist once and neither node may fail.
 */
@SpringBootTest(properties =
    "spring.datasource.url=jdbc:h2:file:./target/identity-race/dunes-${random.uuid};DB_CLOSE_ON_EXIT=FALSE")
@ActiveProfiles("test")
class IdentitySetupRaceTest {

  private static final List<String> GROUPS = List.of(DunesGroups.OPERATORS, DunesGroups.PKI_APPROVERS,
      IntegrationGroup.DEFAULT);

  @Autowired IdentitySetup setup;
  @Autowired ProcessEngine engine;
  @Autowired DataSource dataSource;

  @RepeatedTest(5)
  void twoNodesStartingTogetherMakeEachGroupFilterAndGrantOnce() throws Exception {
    forgetDunesIdentity();
    CyclicBarrier together = new CyclicBarrier(2);
    List<CompletableFuture<Void>> nodes = new ArrayList<>();
    for (int node = 0; node < 2; node++) {
      nodes.add(CompletableFuture.runAsync(() -> {
        await(together);
        setup.setUp();
      }));
    }

    for (CompletableFuture<Void> node : nodes) {
      node.get(2, TimeUnit.MINUTES); // throws if that node's setup failed
    }
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    assertThat(jdbc.queryForList("SELECT ID_ FROM ACT_ID_GROUP WHERE ID_ IN (?, ?, ?)", String.class, GROUPS.toArray()))
        .containsExactlyInAnyOrderElementsOf(GROUPS);
    List<String> filters = jdbc.queryForList("SELECT ID_ FROM ACT_RU_FILTER WHERE NAME_ = ?", String.class,
        IdentitySetup.TASK_FILTER);
    assertThat(filters).hasSize(1);
    assertThat(groupGrantRows(jdbc)).containsExactlyInAnyOrderElementsOf(matrixRows(filters.get(0)));
  }

  @Test
  void aStartTakesBackWhatTheGroupsHeldBeyondTheMatrixAndNarrowsTaskGrants() {
    // what earlier versions granted, and a single task's grant under the former default (UPDATE)
    grant(DunesGroups.OPERATORS, Resources.TASK, Authorization.ANY, TaskPermissions.READ, TaskPermissions.UPDATE);
    grant(DunesGroups.PKI_APPROVERS, Resources.PROCESS_INSTANCE, Authorization.ANY, ProcessInstancePermissions.UPDATE);
    grant(DunesGroups.OPERATORS, Resources.PROCESS_DEFINITION, "UndoVSphere", Permissions.CREATE_INSTANCE);
    grant(DunesGroups.OPERATORS, Resources.PROCESS_INSTANCE, Authorization.ANY, ProcessInstancePermissions.CREATE,
        ProcessInstancePermissions.UPDATE);
    grant(DunesGroups.PKI_APPROVERS, Resources.TASK, "task-of-an-older-run", TaskPermissions.READ, TaskPermissions.UPDATE);

    setup.setUp();

    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    String filter = jdbc.queryForObject("SELECT ID_ FROM ACT_RU_FILTER WHERE NAME_ = ?", String.class,
        IdentitySetup.TASK_FILTER);
    Set<String> expected = new java.util.HashSet<>(matrixRows(filter));
    expected.add(row(DunesGroups.PKI_APPROVERS, Resources.TASK.resourceType(), "task-of-an-older-run",
        mask(Set.of(TaskPermissions.READ, TaskPermissions.TASK_WORK))));
    assertThat(groupGrantRows(jdbc)).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** What a database holds before Dunes ever started on it. */
  private void forgetDunesIdentity() {
    var authorizations = engine.getAuthorizationService();
    authorizations.createAuthorizationQuery().groupIdIn(GROUPS.toArray(String[]::new)).list()
        .forEach(a -> authorizations.deleteAuthorization(a.getId()));
    GROUPS.forEach(engine.getIdentityService()::deleteGroup);
    engine.getFilterService().createFilterQuery().filterName(IdentitySetup.TASK_FILTER).list().stream()
        .map(Filter::getId).forEach(engine.getFilterService()::deleteFilter);
    new JdbcTemplate(dataSource).update("DELETE FROM DUNES_SETUP");
  }

  private void grant(String group, Resources resource, String id, Permission... permissions) {
    var authorizations = engine.getAuthorizationService();
    Authorization held = authorizations.createAuthorizationQuery().groupIdIn(group).resourceType(resource)
        .resourceId(id).singleResult();
    Authorization authorization = held != null ? held : authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
    authorization.setGroupId(group);
    authorization.setResource(resource);
    authorization.setResourceId(id);
    for (Permission permission : permissions) {
      authorization.addPermission(permission);
    }
    authorizations.saveAuthorization(authorization);
  }

  private static List<String> groupGrantRows(JdbcTemplate jdbc) {
    return jdbc.query("SELECT GROUP_ID_, RESOURCE_TYPE_, RESOURCE_ID_, PERMS_ FROM ACT_RU_AUTHORIZATION"
        + " WHERE TYPE_ = 1 AND GROUP_ID_ IN (?, ?, ?)", (rs, n) -> row(rs.getString(1), rs.getInt(2), rs.getString(3),
        rs.getInt(4)), GROUPS.toArray());
  }

  private static List<String> matrixRows(String filterId) {
    return AccessMatrix.grants(filterId, IntegrationGroup.DEFAULT).stream()
        .map(g -> row(g.group(), g.resource().resourceType(), g.resourceId(), mask(g.permissions())))
        .collect(Collectors.toList());
  }

  private static int mask(Set<Permission> permissions) {
    return permissions.stream().mapToInt(Permission::getValue).reduce(0, (a, b) -> a | b);
  }

  private static String row(String group, int type, String id, int permissions) {
    return group + " " + type + " " + id + " " + permissions;
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(1, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
