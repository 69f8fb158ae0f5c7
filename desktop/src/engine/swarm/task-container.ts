// A container of a service's task on the engine we talk to. The Engine API runs an exec only in
// its own engine's containers: on a Swarm of several nodes a task may run where we cannot reach it.
import type Docker from 'dockerode';

export async function localTaskContainer(
  docker: Docker,
  project: string,
  service: string,
): Promise<Docker.Container | undefined> {
  const [running] = await docker.listContainers({
    filters: { label: [`com.docker.swarm.service.name=${project}_${service}`], status: ['running'] },
  });
  return running && docker.getContainer(running.Id);
}
