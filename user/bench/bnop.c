/* bnop: the smallest program: exits 0 at once. bforkexec execs it, so the
 * figure is fork + exec + exit of a program that does nothing. */
int main(void)
{
  return 0;
}
