/* CLP on one MPS file, for BENCHMARKS.md (issue 13): the solve alone timed (process CPU and wall), one JSON line.
 *
 *   cc -O2 -o clp_mps Tools/bench/peers/clp_mps.c $(pkg-config --cflags --libs clp)
 *   clp_mps FILE.mps METHOD PRESOLVE [LOGLEVEL]
 *
 * METHOD: dual, primal, barrier (interior point with crossover), barriernc (no crossover) or auto (CLP's choice);
 * PRESOLVE 1 or 0. The sense comes from the file's OBJSENSE (CoinMpsIO ignores it, so it is read here). A status
 * other than 0 is not an optimum. */
#include <coin/Clp_C_Interface.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
static double cpu(void){struct rusage u;getrusage(RUSAGE_SELF,&u);return u.ru_utime.tv_sec+u.ru_stime.tv_sec+1e-6*(u.ru_utime.tv_usec+u.ru_stime.tv_usec);}
static double wall(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+1e-9*t.tv_nsec;}
int main(int argc,char**argv){
  Clp_Simplex*m=Clp_newModel(); Clp_setLogLevel(m, argc>4?atoi(argv[4]):1);
  if(Clp_readMps(m,argv[1],1,0)){fprintf(stderr,"read failed\n");return 2;}
  {FILE*f=fopen(argv[1],"r");char b[256]={0};fread(b,1,255,f);fclose(f);if(strstr(b,"OBJSENSE")&&strstr(b,"MAX"))Clp_setOptimizationDirection(m,-1);}
  const char*meth=argv[2]; int pre=atoi(argv[3]);
  int type= !strcmp(meth,"dual")?0: !strcmp(meth,"primal")?1: !strcmp(meth,"barrier")?3: !strcmp(meth,"barriernc")?4:5;
  Clp_Solve*s=ClpSolve_new(); ClpSolve_setSolveType(s,type,-1); ClpSolve_setPresolveType(s,pre?0:1,-1);
  double c0=cpu(),w0=wall();
  Clp_initialSolveWithOptions(m,s);
  double c1=cpu()-c0,w1=wall()-w0;
  printf("{\"file\":\"%s\",\"method\":\"%s\",\"presolve\":%d,\"status\":%d,\"secondary\":%d,\"objective\":%.12g,\"iterations\":%d,\"cpu_s\":%.3f,\"wall_s\":%.3f,\"primal_inf\":%g,\"dual_inf\":%g}\n",
    argv[1],meth,pre,Clp_status(m),Clp_secondaryStatus(m),Clp_getObjValue(m),Clp_getIterationCount(m),c1,w1,Clp_sumPrimalInfeasibilities(m),Clp_sumDualInfeasibilities(m));
  return 0;}
