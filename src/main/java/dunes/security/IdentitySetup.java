package dunes.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import dunes.engine.SetupLock;
import dunes.security.AccessMatrix.Grant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates Dunes's groups, a Tasklist filter they can see, and what they may do ({@link AccessMatrix})
 * — once, also when several engine nodes start together: the whole setup runs under the
 * {@link SetupLock} row, so a second node waits and then finds everything in place. Each start
 * converges: grants of the two groups that are not in the matrix are removed (the ones on single
 * tasks are the engine's and stay), and single-task grants made under the engine's former default
 * (UPDATE, which also assigns tasks and writes variables) are narrowed to TASK_WORK.
 */
@Component
class IdentitySetup {

  static final String TASK_FILTER = "Dunes tasks";
  static final String LOCK = "identity";

  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final FilterService filters;
  private final TaskService tasks;
  private final SetupLock lock;
  private final IntegrationGroup integrations;

  IdentitySetup(IdentityService identity, AuthorizationService authorizations, FilterService filters,
      TaskService tasks, SetupLock lock, IntegrationGroup integrations) {
    this.identity = identity;
    this.authorizations = authorizations;
    this.filters = filters;
    this.tasks = tasks;
    this.lock = lock;
    this.integrations = integrations;
  }

  @EventListener
  @Order(0) // before the lab adds its users to these groups
  public void onStarted(ApplicationStartedEvent event) {
    setUp();
  }

  void setUp() {
    lock.run(LOCK, this::converge);
  }

  private void converge() {
    group(DunesGroups.OPERATORS, "vCO operators");
    group(DunesGroups.PKI_APPROVERS, "PKI approvers");
    group(integrations.id(), "Change-management integrations"); // technical accounts only: IntegrationGroup
    List<Grant> grants = AccessMatrix.grants(taskFilter(), integrations.id());
    for (String group : List.of(DunesGroups.OPERATORS, DunesGroups.PKI_APPROVERS, integrations.id())) {
      removeGrantsOutside(group, grants);
    }
    grants.forEach(this::grant);
    narrowTaskGrants();
  }

  private void group(String id, String name) {
    if (identity.createGroupQuery().groupId(id).count() == 0) {
      Group group = identity.newGroup(id);
      group.setName(name);
      group.setType("WORKFLOW");
      identity.saveGroup(group);
    }
  }

  private String taskFilter() {
    Filter existing = filters.createFilterQuery().filterName(TASK_FILTER).singleResult();
    if (existing != null) {
      return existing.getId();
    }
    Filter filter = filters.newTaskFilter(TASK_FILTER)
        .setQuery(tasks.createTaskQuery().taskCandidateGroupInExpression(
            "${currentUserGroups()}").includeAssignedTasks())
        .setProperties(Map.of("description", "Tasks of Dunes builds for my groups", "priority", -10));
    filters.saveFilter(filter);
    return filter.getId();
  }

  /** Drops what earlier versions or a hand in Admin granted the group beyond the matrix. */
  private void removeGrantsOutside(String group, List<Grant> grants) {
    for (Authorization held : authorizations.createAuthorizationQuery().groupIdIn(group)
        .authorizationType(AUTH_TYPE_GRANT).list()) {
      boolean inMatrix = grants.stream().anyMatch(g -> g.group().equals(group)
          && g.resource().resourceType() == held.getResourceType() && g.resourceId().equals(held.getResourceId()));
      if (!inMatrix && !onSingleTask(held)) {
        authorizations.deleteAuthorization(held.getId());
      }
    }
  }

  private void grant(Grant grant) {
    Authorization held = authorizations.createAuthorizationQuery().groupIdIn(grant.group())
        .authorizationType(AUTH_TYPE_GRANT).resourceType(grant.resource()).resourceId(grant.resourceId())
        .singleResult();
    int wanted = grant.permissions().stream().mapToInt(Permission::getValue).reduce(0, (a, b) -> a | b);
    if (held != null && ((AuthorizationEntity) held).getPermissions() == wanted) {
      return;
    }
    Authorization authorization = held != null ? held : authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
    authorization.setGroupId(grant.group());
    authorization.setResource(grant.resource());
    authorization.setResourceId(grant.resourceId());
    authorization.setPermissions(grant.permissions().toArray(Permission[]::new));
    authorizations.saveAuthorization(authorization);
  }

  private void narrowTaskGrants() {
    for (Authorization held : authorizations.createAuthorizationQuery().resourceType(Resources.TASK)
        .authorizationType(AUTH_TYPE_GRANT).hasPermission(TaskPermissions.UPDATE).list()) {
      if (onSingleTask(held) && !held.isEveryPermissionGranted()) {
        held.removePermission(TaskPermissions.UPDATE);
        held.addPermission(TaskPermissions.TASK_WORK);
        authorizations.saveAuthorization(held);
      }
    }
  }

  private static boolean onSingleTask(Authorization authorization) {
    int type = authorization.getResourceType();
    return (type == Resources.TASK.resourceType() || type == Resources.HISTORIC_TASK.resourceType())
        && !ANY.equals(authorization.getResourceId());
  }
}
