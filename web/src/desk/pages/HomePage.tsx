import { Navigate } from 'react-router';
import { useDesk } from '../context';

const HOME = {
  agent: '/intake',
  handler: '/orders',
  supervisor: '/orders',
  auditor: '/figures',
  admin: '/directory',
} as const;

export default function HomePage() {
  return <Navigate to={HOME[useDesk().person.role]} replace />;
}
