/** The variable that lists the names of the variables the local stack set in its process. */
export const LOCAL_STACK_ENV_NAMES = 'HYDRANT_LOCAL_STACK_ENV_NAMES';
