"""django-tasks tasks. One generic task runs every Job; what a job does is its handler (passend.core.jobs)."""

from django_tasks import task


@task()
def run_job(job_id: int) -> str:
    """Run the Job with this id through its registered handler; returns its final status."""
    from .jobs import execute

    return execute(job_id)
