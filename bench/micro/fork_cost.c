/*
 * What fork isolation costs on this machine, without Python: fork(), exit+wait, and the
 * price of one page fault (a copy-on-write fault after fork, a zero-fill fault on fresh
 * memory), for a process of a given size.
 *
 *   gcc -O2 -o /tmp/fork_cost bench/micro/fork_cost.c && /tmp/fork_cost 144
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Mean fork time and child-lifetime (touching `touch` pages, then _exit) over n runs. */
static void fork_and_touch(char *heap, size_t len, size_t touch, int n, double *fork_ms, double *life_ms) {
  double f = 0, l = 0;
  for (int i = 0; i < n; i++) {
    double a = now_ms();
    pid_t child = fork();
    if (child == 0) {
      for (size_t k = 0; k < touch; k++) heap[(k * 4096 * 7) % len]++;
      _exit(0);
    }
    double b = now_ms();
    waitpid(child, NULL, 0);
    double c = now_ms();
    f += b - a;
    l += c - b;
  }
  *fork_ms = f / n;
  *life_ms = l / n;
}

int main(int argc, char **argv) {
  size_t mb = argc > 1 ? strtoul(argv[1], NULL, 10) : 144;
  size_t len = mb << 20;
  char *heap = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (heap == MAP_FAILED) { perror("mmap"); return 1; }
  memset(heap, 1, len);

  double fork0, life0, fork2k, life2k;
  fork_and_touch(heap, len, 0, 30, &fork0, &life0);
  fork_and_touch(heap, len, 2000, 20, &fork2k, &life2k);
  printf("%zu MB process: fork %.2f ms, exit+wait %.2f ms\n", mb, fork0, life0);
  printf("child writing 2000 pages: lifetime %.2f ms => %.1f us per copy-on-write fault\n",
         life2k, (life2k - life0) * 1000 / 2000);

  size_t fresh = 256 << 20;
  char *p = mmap(NULL, fresh, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  double a = now_ms();
  for (size_t k = 0; k < fresh; k += 4096) p[k] = 1;
  double b = now_ms();
  printf("zero-fill fault on fresh memory: %.1f us per page\n", (b - a) * 1000 / (fresh / 4096));
  return 0;
}
