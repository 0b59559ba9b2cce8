/*
 * The test child's layer of the sandbox (docs/sandbox.md), in C.
 *
 * The harness prepares everything in the worker, before fork: strings, mount arguments,
 * the Landlock rules and the seccomp program. (The Landlock ruleset itself must be made
 * here, after the mounts: a rule names an inode, and Landlock does not look through a
 * mount point to the directory it covers, so rules on the worker's overlay roots would
 * not cover the child's overlays stacked on them.) A freshly
 * forked test child then calls tach_apply_child_layer(), which only makes system calls
 * and reads memory the worker wrote: no allocation, no Python object touched, so the
 * child takes almost no copy-on-write faults (each costs 20-40 us on a small VM; the
 * same steps in Python cost the child about a hundred of them).
 *
 * Returns 0, or an errno value with *failed_step set to the index of the step that
 * failed: 0 unshare, 1 the first mount, 2 mkdir, 3 the other mounts (plus 100 times the
 * mount's index), 4 no_new_privs, 5 Landlock, 6 seccomp, 7 landlock_create_ruleset,
 * 8 landlock_add_rule (plus 100 times the rule's index), 9 chdir.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <stddef.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* x86_64 numbers; the installed headers may predate Landlock. */
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#endif
#ifndef SYS_landlock_add_rule
#define SYS_landlock_add_rule 445
#endif
#ifndef SYS_landlock_restrict_self
#define SYS_landlock_restrict_self 446
#endif
#define TACH_LANDLOCK_RULE_PATH_BENEATH 1

struct tach_landlock_ruleset_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
};

struct tach_landlock_path_beneath_attr {
    uint64_t allowed_access;
    int32_t parent_fd;
} __attribute__((packed));
#ifndef PR_SET_NO_NEW_PRIVS
#define PR_SET_NO_NEW_PRIVS 38
#endif
#ifndef SECCOMP_MODE_FILTER
#define SECCOMP_MODE_FILTER 2
#endif

struct tach_mount {
    const char *source;
    const char *target;
    const char *fstype;
    unsigned long flags;
    const char *data;
};

struct tach_landlock_rule {
    const char *path;                  /* skipped when it does not exist */
    uint64_t allowed_access;
};

struct tach_child_layer {
    int mount_count;                   /* 0: no new mount namespace */
    const struct tach_mount *mounts;   /* mounts[0]: the tmpfs the upper layers live on */
    int directory_count;               /* made on mounts[0], before the other mounts */
    const char *const *directories;
    uint64_t landlock_handled;         /* 0: no Landlock */
    int landlock_rule_count;
    const struct tach_landlock_rule *landlock_rules;
    const void *seccomp_program;       /* a struct sock_fprog, or NULL: no filter */
    int test_root_fd;                  /* out: O_PATH fd of mounts[0] (the upper layers), or -1 */
};

enum {
    STEP_UNSHARE, STEP_FIRST_MOUNT, STEP_MKDIR, STEP_MOUNTS, STEP_NO_NEW_PRIVS, STEP_LANDLOCK, STEP_SECCOMP,
    STEP_CREATE_RULESET, STEP_ADD_RULE, STEP_CHDIR
};

static int failed(int step, int *failed_step)
{
    *failed_step = step;
    return errno ? errno : EINVAL;
}

/* Builds the ruleset and restricts this process; 0 or an errno value. */
static int restrict_by_landlock(const struct tach_child_layer *layer, int *failed_step)
{
    struct tach_landlock_ruleset_attr attr = { layer->landlock_handled, 0, 0 };
    struct tach_landlock_path_beneath_attr rule;
    int ruleset, fd, i, error;

    ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
    if (ruleset < 0)
        return failed(STEP_CREATE_RULESET, failed_step);
    for (i = 0; i < layer->landlock_rule_count; i++) {
        fd = open(layer->landlock_rules[i].path, O_PATH | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENOENT)
                continue;
            error = errno;
            close(ruleset);
            *failed_step = STEP_ADD_RULE + 100 * i;
            return error;
        }
        rule.allowed_access = layer->landlock_rules[i].allowed_access;
        rule.parent_fd = fd;
        if (syscall(SYS_landlock_add_rule, ruleset, TACH_LANDLOCK_RULE_PATH_BENEATH, &rule, 0) != 0) {
            error = errno;
            close(fd);
            close(ruleset);
            *failed_step = STEP_ADD_RULE + 100 * i;
            return error;
        }
        close(fd);
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        error = errno;
        close(ruleset);
        *failed_step = STEP_NO_NEW_PRIVS;
        return error;
    }
    if (syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
        error = errno;
        close(ruleset);
        *failed_step = STEP_LANDLOCK;
        return error;
    }
    close(ruleset);
    return 0;
}

int tach_apply_child_layer(struct tach_child_layer *layer, int *failed_step)
{
    char cwd[PATH_MAX];
    int error;

    const struct tach_mount *m;
    int i;

    if (layer->mount_count > 0) {
        if (unshare(CLONE_NEWNS) != 0)
            return failed(STEP_UNSHARE, failed_step);
        m = &layer->mounts[0];
        if (mount(m->source, m->target, m->fstype, m->flags, m->data) != 0)
            return failed(STEP_FIRST_MOUNT, failed_step);
        /* Keeps the test's upper layers reachable (--report-leaks) once an overlay hides
         * their path; the only write to the worker's memory, so one copy-on-write fault. */
        layer->test_root_fd = open(m->target, O_PATH | O_DIRECTORY | O_CLOEXEC);
        for (i = 0; i < layer->directory_count; i++)
            if (mkdir(layer->directories[i], 0700) != 0)
                return failed(STEP_MKDIR, failed_step);
        for (i = 1; i < layer->mount_count; i++) {
            m = &layer->mounts[i];
            if (mount(m->source, m->target, m->fstype, m->flags, m->data) != 0) {
                *failed_step = STEP_MOUNTS + 100 * i; /* which mount, for the message */
                return errno ? errno : EINVAL;
            }
        }
        /* A process keeps its directory, not its path: without this, relative writes in
         * the project would go beneath the overlay, to the real project. */
        if (getcwd(cwd, sizeof cwd) != NULL && chdir(cwd) != 0)
            return failed(STEP_CHDIR, failed_step);
    }
    if (layer->landlock_handled != 0) {
        error = restrict_by_landlock(layer, failed_step);
        if (error != 0)
            return error;
    }
    if (layer->seccomp_program != NULL) {
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
            return failed(STEP_NO_NEW_PRIVS, failed_step);
        if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, layer->seccomp_program, 0, 0) != 0)
            return failed(STEP_SECCOMP, failed_step);
    }
    return 0;
}
