package dunes.security;

import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Outside the lab, refuses to start on a database that holds the lab's users: their passwords sit
 * in the lab's credentials file, and the lab's admin would become production's. Checked as soon as
 * the engine is built, before any job runs. A lab user is a member of {@link DunesGroups#LAB} or,
 * in databases from before that group, has the lab's {@code @lab.local} address.
 */
@Component
@Profile("!lab")
class LabUsersGuard extends AbstractProcessEnginePlugin {

  static final String LAB_DATABASE = "this database holds the lab's users %s (group %s): it is a lab database,"
      + " not production's. Point spring.datasource.url at production's own database; the lab keeps its own"
      + " in ./data/lab";

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    IdentityService identity = engine.getIdentityService();
    Set<String> lab = new TreeSet<>();
    identity.createUserQuery().memberOfGroup(DunesGroups.LAB).list().forEach(user -> lab.add(user.getId()));
    identity.createUserQuery().userEmailLike("%@lab.local").list().stream().map(User::getId).forEach(lab::add);
    boolean marked = identity.createGroupQuery().groupId(DunesGroups.LAB).count() > 0;
    if (!lab.isEmpty() || marked) {
      throw new IllegalStateException(LAB_DATABASE.formatted(lab, DunesGroups.LAB));
    }
  }
}
