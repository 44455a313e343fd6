import { authRoutes } from '../../shared/contract/routes/auth';
import { route } from '../lib/http';
import { login } from './login';

export const handler = route(authRoutes, 'login', ({ body }) => login(body.code));
